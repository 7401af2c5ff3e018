// Every part of kaohe, in the order their commands, demo data and checks run.
import type { KaoheModule } from './core/cli.js';
import { adminModule } from './admin/module.js';
import { ticketModule } from './ticket/module.js';
import { letterModule } from './letter/module.js';
import { guardModule } from './guard/module.js';
import { reportModule } from './report/module.js';

export const MODULES: KaoheModule[] = [adminModule, letterModule, ticketModule, guardModule, reportModule];
