"""python -m tessera_ray SPEC.yaml --address ADDR [--chunk N] [--tessera PATH]

Lists the points the spec's store lacks (`tessera explore SPEC --list-points --resume`), sends
them in chunks as Ray tasks running `tessera explore SPEC --points CHUNK --out -` on the
workers, and merges each chunk's results into the store (`--import`) as it arrives. A task
whose worker dies is retried by Ray; a chunk runs again only if its results never arrived, and
importing a point twice stores it once. An evolutionary spec is listed one generation at a time
(bred from the stored results of the last), so the driver repeats until nothing is listed. The spec, its models and the binary must be at the same
paths on every node (a shared file system), or the binary is shipped with `--ship-binary`.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

import ray


def find_tessera(explicit):
    path = explicit or os.environ.get("TESSERA") or shutil.which("tessera")
    if not path or not os.access(path, os.X_OK):
        sys.exit("tessera_ray: no tessera binary: give --tessera PATH, set TESSERA, or put it on PATH")
    return os.path.abspath(path)


def run_local(tessera, *arguments, stdin=None):
    done = subprocess.run([tessera, "explore", *arguments], input=stdin, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"tessera_ray: tessera explore {' '.join(arguments)} failed:\n{done.stderr.strip()}")
    return done.stdout


@ray.remote(max_retries=5, retry_exceptions=False)
def evaluate_chunk(tessera, spec, lines, jobs):
    """One chunk on a worker: the points in a temporary file, their result lines back."""
    binary = tessera
    if not os.path.isabs(binary):  # shipped in the task's working directory
        binary = os.path.join(os.getcwd(), binary)
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as points:
        points.write("".join(line + "\n" for line in lines))
    try:
        done = subprocess.run(
            [binary, "explore", spec, "--points", points.name, "--jobs", str(jobs)],
            capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"tessera explore --points failed: {done.stderr.strip()[:2000]}")
        return done.stdout
    finally:
        os.unlink(points.name)


def progress(done, total, start, stream=sys.stderr):
    if not stream.isatty():
        return
    elapsed = time.monotonic() - start
    rate = done / elapsed if elapsed > 0 else 0
    eta = (total - done) / rate if rate > 0 else 0
    width = 30
    filled = int(width * done / total) if total else width
    stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} points, {rate:.1f}/s, ETA {eta:.0f} s ")
    stream.flush()


def run_batch(tessera, remote_binary, spec, missing, args, before, start):
    """Evaluates `missing` in chunks on the cluster, importing each chunk as it arrives."""
    chunks = [missing[i:i + args.chunk] for i in range(0, len(missing), args.chunk)]
    pending = {evaluate_chunk.options(num_cpus=args.jobs).remote(remote_binary, spec, chunk, args.jobs): len(chunk)
               for chunk in chunks}
    done = 0
    progress(before, before + len(missing), start)
    while pending:
        ready, _ = ray.wait(list(pending), num_returns=1)
        for ref in ready:
            count = pending.pop(ref)
            results = ray.get(ref)
            with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as file:
                file.write(results)
            try:
                run_local(tessera, spec, "--import", file.name)
            finally:
                os.unlink(file.name)
            done += count
            progress(before + done, before + len(missing), start)
    if sys.stderr.isatty():
        sys.stderr.write("\n")
    return done


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tessera_ray", description=__doc__.split("\n\n")[1])
    parser.add_argument("spec", help="the exploration spec (any strategy; evolutionary runs generation by generation)")
    parser.add_argument("--address", required=True, help="the Ray cluster's address (ray start --head prints it)")
    parser.add_argument("--chunk", type=int, default=64, help="points per Ray task (default 64)")
    parser.add_argument("--tessera", help="the tessera binary (default: $TESSERA, else PATH)")
    parser.add_argument("--jobs", type=int, default=1, help="threads per task (default 1: one task per CPU)")
    parser.add_argument(
        "--ship-binary", action="store_true",
        help="send the binary with each task's runtime environment instead of using the same path on every node")
    args = parser.parse_args(argv)
    if args.chunk < 1 or args.jobs < 1:
        parser.error("--chunk and --jobs must be at least 1")
    tessera = find_tessera(args.tessera)
    spec = os.path.abspath(args.spec)
    runtime_env = None
    remote_binary = tessera
    if args.ship_binary:
        folder = tempfile.mkdtemp(prefix="tessera-ray-")
        shutil.copy2(tessera, os.path.join(folder, "tessera"))
        runtime_env = {"working_dir": folder}
        remote_binary = "tessera"
    connected, previous = False, None
    total, generation, start = 0, 0, time.monotonic()
    while True:
        # Grid and random specs list every missing point at once (the next listing is empty);
        # an evolutionary spec lists one generation, bred from the stored results of the last.
        missing = [line for line in run_local(tessera, spec, "--list-points", "--resume").splitlines() if line.strip()]
        if not missing:
            break
        if missing == previous:
            sys.exit("tessera_ray: the store did not take the imported results (the same points are listed again)")
        previous = missing
        generation += 1
        print(f"tessera_ray: {'generation ' + str(generation) + ': ' if generation > 1 else ''}"
              f"{len(missing)} points to evaluate in chunks of {args.chunk}", file=sys.stderr)
        if not connected:
            ray.init(address=args.address, runtime_env=runtime_env, log_to_driver=False)
            connected = True
        total += run_batch(tessera, remote_binary, spec, missing, args, total, start)
    if total:
        elapsed = time.monotonic() - start
        print(f"tessera_ray: {total} points in {elapsed:.1f} s ({total / elapsed * 60:.0f} per minute)", file=sys.stderr)
    else:
        print("tessera_ray: the store already holds every point of the spec", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
