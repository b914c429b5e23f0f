import type { Permission } from '@citydesk/shared';
import 'vue-router';

/** The menu groups of the side bar, in order. */
export const menuGroups = ['work', 'cases', 'command', 'admin'] as const;
export type MenuGroup = (typeof menuGroups)[number];

declare module 'vue-router' {
  interface RouteMeta {
    /** Any one of these opens the page (none: every signed-in user). */
    permissions?: Permission[];
    /** Shown in the side menu when set: its group, the i18n key of its title, its order in the group. */
    menu?: { group: MenuGroup; title: string; order: number; icon?: string };
    /** i18n key of the page title (browser tab and header). */
    title?: string;
    /** Full-screen pages (the command board) have no side menu. */
    bare?: boolean;
  }
}
