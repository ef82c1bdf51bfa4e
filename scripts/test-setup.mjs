// Installs what the test suite needs from outside npm, once per machine (CI runs as root):
// numpy, pandas, PyTorch (1.13, CPU) and scikit-learn for the system Python, which run the
// content's code examples, and Debian's Chromium, which the browser test drives with
// playwright-core (no browser download).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const apt = (args) => execFileSync("apt-get", args, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });

const python = "/usr/bin/python3";
const packages = ["python3-numpy", "python3-pandas", "python3-torch", "python3-sklearn"];
const missing = () => spawnSync(python, ["-c", "import numpy, pandas, torch, sklearn"], { stdio: "ignore" }).status !== 0;

if (missing()) {
  const started = Date.now();
  console.log(`test setup: installing ${packages.join(", ")} from Debian`);
  try {
    apt(["update", "-qq"]);
    apt(["install", "-y", "-qq", "--no-install-recommends", ...packages]);
  } catch (err) {
    console.error(`test setup: cannot install ${packages.join(", ")} (${err.message}); run as root or install them`);
    process.exit(1);
  }
  if (missing()) {
    console.error("test setup: numpy/pandas/torch/sklearn still not importable by /usr/bin/python3");
    process.exit(1);
  }
  console.log(`test setup: Python packages installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

const chromium = "/usr/bin/chromium";
if (!existsSync(chromium)) {
  console.log("test setup: installing chromium from Debian");
  try {
    apt(["update", "-qq"]);
    apt(["install", "-y", "-qq", "--no-install-recommends", "chromium"]);
  } catch (err) {
    console.error(`test setup: cannot install chromium (${err.message}); run as root or install it`);
    process.exit(1);
  }
  if (!existsSync(chromium)) {
    console.error(`test setup: ${chromium} still missing after installing chromium`);
    process.exit(1);
  }
}
