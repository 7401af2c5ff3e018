import type { Catalog } from '../core/i18n.js';

export const reportMessages: Catalog = {
  en: {},
  zh: {},
};
