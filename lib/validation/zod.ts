import { z } from 'zod';

// zod compiles object parsers with `new Function` after probing whether eval is allowed. Our
// CSP forbids eval, and the probe alone is reported as a CSP violation in the browser: parse
// without compiling, on the server and in forms alike. Import z from here, not from 'zod'.
z.config({ jitless: true });

export { z };
