// Must not compile: the result used as a type it is not.
import { createClient } from "./client.js";

const count: string = (await createClient().echo({ name: "n", count: 1 })).count;
console.log(count);
