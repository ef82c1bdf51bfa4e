// Installs what the test suite needs from outside npm, once per machine (CI runs as root):
// numpy and pandas for the system Python, which run the content's code examples.
import { execFileSync, spawnSync } from "node:child_process";

const python = "/usr/bin/python3";
const missing = () => spawnSync(python, ["-c", "import numpy, pandas"], { stdio: "ignore" }).status !== 0;

if (missing()) {
  console.log("test setup: installing python3-numpy and python3-pandas from Debian");
  const apt = (args) => execFileSync("apt-get", args, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  try {
    apt(["update", "-qq"]);
    apt(["install", "-y", "-qq", "--no-install-recommends", "python3-numpy", "python3-pandas"]);
  } catch (err) {
    console.error(`test setup: cannot install python3-numpy/python3-pandas (${err.message}); run as root or install them`);
    process.exit(1);
  }
  if (missing()) {
    console.error("test setup: numpy/pandas still not importable by /usr/bin/python3");
    process.exit(1);
  }
}
