// Every explorer command, by full id (ids.ts), for the extension's command table (commands/table.ts):
// the table hands each the explorer's services (services.ts) and runs it through the one wrapper.
import { BUILD_COMMANDS } from './buildCommands';
import type { ExplorerCommands } from './commandSupport';
import { CONNECTION_COMMANDS } from './connectionCommands';
import { LINK_COMMANDS } from './linkCommands';
import { PIPELINE_COMMANDS } from './pipelineCommands';
import { VIEW_COMMANDS } from './viewCommands';

export const EXPLORER_COMMANDS: ExplorerCommands = {
  ...VIEW_COMMANDS,
  ...CONNECTION_COMMANDS,
  ...BUILD_COMMANDS,
  ...PIPELINE_COMMANDS,
  ...LINK_COMMANDS,
};
