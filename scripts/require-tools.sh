# Sourced by the scripts in this folder: makes sure Swift and libgit2-dev are there,
# installing libgit2-dev with apt-get when it can, or saying exactly what to run.

if ! command -v swift >/dev/null 2>&1; then
    if [ -x /opt/swift/usr/bin/swift ]; then
        export PATH="/opt/swift/usr/bin:$PATH"
    else
        echo "promptexp needs Swift 6.2 or newer on PATH (https://www.swift.org/install/linux/)." >&2
        exit 1
    fi
fi

if ! pkg-config --exists libgit2 2>/dev/null; then
    if [ "$(id -u)" = 0 ]; then
        as_root=""
    elif command -v sudo >/dev/null 2>&1; then
        as_root="sudo"
    else
        echo "promptexp needs libgit2-dev. Run as root: apt-get update && apt-get install -y libgit2-dev pkg-config" >&2
        exit 1
    fi
    echo "installing libgit2-dev (apt-get)…" >&2
    $as_root apt-get update -qq >&2 && $as_root apt-get install -y -qq libgit2-dev pkg-config >&2 || {
        echo "could not install libgit2-dev; run: sudo apt-get update && sudo apt-get install -y libgit2-dev pkg-config" >&2
        exit 1
    }
fi
