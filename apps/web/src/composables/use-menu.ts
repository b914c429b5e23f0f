import { computed } from 'vue';
import { pageRoutes } from '../router';
import { menuGroups, type MenuGroup } from '../router/types';
import { useSession } from '../stores/session';

export interface MenuEntry {
  path: string;
  title: string;
  group: MenuGroup;
  order: number;
  icon: string | undefined;
}

/** The side menu: the pages with a menu entry that the user's roles open, grouped and ordered. */
export function useMenu() {
  const { can } = useSession();
  const entries = computed<MenuEntry[]>(() =>
    pageRoutes
      .filter((r) => r.meta?.menu && can(...(r.meta.permissions ?? [])))
      .map((r) => ({
        path: r.path,
        title: r.meta!.menu!.title,
        group: r.meta!.menu!.group,
        order: r.meta!.menu!.order,
        icon: r.meta!.menu!.icon,
      }))
      .sort((a, b) => menuGroups.indexOf(a.group) - menuGroups.indexOf(b.group) || a.order - b.order),
  );
  const groups = computed(() =>
    menuGroups
      .map((group) => ({ group, entries: entries.value.filter((e) => e.group === group) }))
      .filter((g) => g.entries.length > 0),
  );
  return { entries, groups };
}
