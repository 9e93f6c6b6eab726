// The personal-data keys of the API tests: fixed, so a test database copied from the template and the app agree.
import { keyringFromFile, type KeyFile } from "../src/lib/data-keys.ts";

export const TEST_KEY_FILE: KeyFile = {
  format: "fanpin-data-keys/1",
  encryption: { current: 1, keys: { 1: Buffer.alloc(32, 1).toString("base64") } },
  index: { current: 1, keys: { 1: Buffer.alloc(32, 2).toString("base64") } },
};

export const testKeyring = () => keyringFromFile(TEST_KEY_FILE);
