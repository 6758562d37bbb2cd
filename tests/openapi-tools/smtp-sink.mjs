// A real SMTP server on loopback for the mail tests (smtp-server): writes each message it accepts to
// DIR/N.eml with its envelope in DIR/N.json, and prints "listening PORT" once ready.
//   node smtp-sink.mjs DIR [PORT] [--reject-recipient ADDRESS]
// --reject-recipient answers 550 to that recipient (a refusal for good). Exits on SIGTERM or when stdin closes.
import { SMTPServer } from "smtp-server";
import fs from "node:fs";
import path from "node:path";

const [dir, portArg, ...rest] = process.argv.slice(2);
const rejected = rest[0] === "--reject-recipient" ? rest[1] : null;
fs.mkdirSync(dir, { recursive: true });
let count = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  onRcptTo(address, session, callback) {
    if (rejected && address.address === rejected) {
      const error = new Error("mailbox unavailable");
      error.responseCode = 550;
      return callback(error);
    }
    callback();
  },
  onData(stream, session, callback) {
    const chunks = [];
    stream.on("data", (chunk) => chunks.push(chunk));
    stream.on("end", () => {
      const n = ++count;
      const envelope = { from: session.envelope.mailFrom.address, to: session.envelope.rcptTo.map((r) => r.address) };
      fs.writeFileSync(path.join(dir, `${n}.json.tmp`), JSON.stringify(envelope));
      fs.writeFileSync(path.join(dir, `${n}.eml`), Buffer.concat(chunks));
      fs.renameSync(path.join(dir, `${n}.json.tmp`), path.join(dir, `${n}.json`));
      callback();
    });
  },
});
server.listen(Number(portArg ?? 0), "127.0.0.1", () => console.log(`listening ${server.server.address().port}`));
const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.stdin.on("end", stop);
process.stdin.resume();
