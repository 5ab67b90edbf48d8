// The main job: the platform with the built-in demo district on the embedded
// database. The first start generates and seeds the Putuo-sized demo district
// into $LIFECIRCLE_DATA_DIR (default ./data), analyses it and prints one-time
// credentials; later starts reuse the database. Serves on $PORT (default 8080).
import { main } from '../packages/cli/dist/main.js';

const code = await main(['serve', '--demo', ...process.argv.slice(2)]);
if (code !== 0) process.exit(code);
