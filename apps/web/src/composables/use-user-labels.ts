import { computed, type ComputedRef } from 'vue';
import { useI18n } from 'vue-i18n';
import type { CurrentUnit } from '../api/auth';

/** Localised labels for role codes and unit names; unknown role codes are shown as they are. */
export function useUserLabels(): {
  roleLabel: (role: string) => string;
  unitLabel: (unit: CurrentUnit | null) => string | null;
  isEnglish: ComputedRef<boolean>;
} {
  const i18n = useI18n();
  const { locale } = i18n;
  const isEnglish = computed(() => locale.value === 'en-US');
  return {
    roleLabel: (role) => (i18n.te(`roles.${role}`) ? i18n.t(`roles.${role}`) : role),
    unitLabel: (unit) => (unit ? (isEnglish.value && unit.nameEn ? unit.nameEn : unit.name) : null),
    isEnglish,
  };
}
