import { cleanup, configure } from "@testing-library/react";
import { afterEach } from "vitest";

afterEach(() => cleanup());

// CI machines are shared and slow at times: wait for the page longer than the 1 s default.
configure({ asyncUtilTimeout: 10000 });
