// zh + en texts of the ticket module and `report sla`: the same keys in both languages.
import { catalog, type Catalog } from '../core/i18n.js';
import { en } from './messages.en.js';
import { zh } from './messages.zh.js';
import { serviceEn, serviceZh } from './messages-service.js';

export const ticketMessages: Catalog = catalog({ en: () => Object.assign(en(), serviceEn()), zh: () => Object.assign(zh(), serviceZh()) });
