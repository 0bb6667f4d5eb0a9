/**
 * Builds the dashboard's {@link ViewModel} from plain inputs: pure, no clock (the time is an input), no I/O.
 * {@link createViewModelBuilder} (`view-builder.ts`) does the same work and reuses what did not change.
 */
import { createViewModelBuilder } from './view-builder.js';
import type { ViewInput } from './view-input.js';
import type { ViewModel } from './view-model.js';

export { createViewModelBuilder, type ViewModelBuilder, type ViewModelBuilderOptions } from './view-builder.js';
export { trackSpotEvents } from './spot-events.js';

/** The view of every cluster at `input.now`. */
export function buildViewModel(input: ViewInput): ViewModel {
  return createViewModelBuilder().build(input);
}
