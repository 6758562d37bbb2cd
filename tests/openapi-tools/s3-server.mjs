// A real S3-compatible server on loopback for the storage tests (s3rver): keeps objects under DIR,
// creates the bucket BUCKET, and prints "listening PORT" once ready.
//   node --openssl-legacy-provider s3-server.mjs DIR BUCKET [PORT]   (s3rver's list tokens use a legacy cipher)
// S3_LOG=1 logs every request.
// Credentials: any access key (s3rver's default S3RVER/S3RVER signs). Exits on SIGTERM or when stdin closes.
import S3rver from "s3rver";

const [directory, bucket, portArg] = process.argv.slice(2);
const server = new S3rver({
  address: "127.0.0.1",
  port: Number(portArg ?? 0),
  directory,
  silent: !process.env.S3_LOG,
  configureBuckets: [{ name: bucket }],
});
const { port } = await server.run();
console.log(`listening ${port}`);
const stop = () => server.close().then(() => process.exit(0));
process.on("SIGTERM", stop);
process.stdin.on("end", stop);
process.stdin.resume();
