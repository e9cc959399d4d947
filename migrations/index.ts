/** Every migration, in order. New ones come from `npm run migration:generate -- Name`, reviewed. */
import { InitialSchema1795442684359 } from './1795442684359-initial-schema.js';
import { PendingSubjects1795443257980 } from './1795443257980-pending-subjects.js';

export const MIGRATIONS = [InitialSchema1795442684359, PendingSubjects1795443257980];
