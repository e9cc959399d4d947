/** What the preview routes accept beside the body of the change they preview. */
import { IntQuery } from '../shared/request-dto.js';

export class PreviewQuery {
  @IntQuery(
    { min: 1, max: 100_000, fallback: 1000 },
    { description: 'Moved obligations listed (default 1000); movedTotal counts them all' },
  )
  limit!: number;
}
