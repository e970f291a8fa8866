"""Loading the library and checking its version."""

import ctypes.util
import os
import shutil
import subprocess
import sys
import unittest

import vramest
from vramest import _native


def _import_in_child(env_changes):
    """Run `import vramest` in a fresh interpreter; return (returncode, output)."""
    env = dict(os.environ)
    for key, value in env_changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    code = "import vramest; print(vramest.library_path); print(vramest.__version__)"
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          timeout=60)
    return proc.returncode, proc.stdout + proc.stderr


class TestVersion(unittest.TestCase):
    def test_version_matches_library(self):
        self.assertEqual(vramest.__version__, _native.lib.vram_version_string().decode())
        major, minor, patch = (int(x) for x in vramest.__version__.split("."))
        self.assertEqual(vramest.version_number(), major * 10000 + minor * 100 + patch)
        self.assertEqual(vramest.version_number() // 10000, _native.WRITTEN_FOR // 10000)

    def test_loaded_from_environment(self):
        self.assertEqual(vramest.library_path, os.environ["VRAMEST_LIBRARY"])

    def test_other_major_version_refused(self):
        # 1.2.3 is 10203 (MAJOR*10000 + MINOR*100 + PATCH)
        with self.assertRaises(ImportError) as cm:
            _native.check_version("/opt/libvramest.so.1", 10203, "1.2.3")
        message = str(cm.exception)
        self.assertIn("/opt/libvramest.so.1", message)
        self.assertIn("1.2.3", message)
        self.assertIn("10203", message)
        # the same major with another minor or patch is accepted
        _native.check_version("x", _native.WRITTEN_FOR + 99, "0.1.99")


class TestLoadFailures(unittest.TestCase):
    def test_missing_path(self):
        rc, out = _import_in_child({"VRAMEST_LIBRARY": "/nonexistent/libvramest.so"})
        self.assertNotEqual(rc, 0)
        self.assertIn("ImportError", out)
        self.assertIn("/nonexistent/libvramest.so", out)

    def test_not_libvramest(self):
        # the C library loads fine but has no vram_version_number
        libc = ctypes.util.find_library("c")
        rc, out = _import_in_child({"VRAMEST_LIBRARY": libc})
        self.assertNotEqual(rc, 0)
        self.assertIn("ImportError", out)
        self.assertIn("not libvramest", out)

    # On Linux find_library searches LD_LIBRARY_PATH with `ld -t` and reads
    # the soname with objdump (cpython Lib/ctypes/util.py), both binutils.
    @unittest.skipUnless(sys.platform.startswith("linux") and shutil.which("ld") and
                         shutil.which("objdump"), "find_library needs binutils here")
    def test_find_library(self):
        libdir = os.path.dirname(os.environ["VRAMEST_LIBRARY"])
        rc, out = _import_in_child({"VRAMEST_LIBRARY": None, "LD_LIBRARY_PATH": libdir})
        self.assertEqual(rc, 0, out)
        path, version = out.split()
        self.assertTrue(path.startswith("libvramest.so"), path)
        self.assertEqual(version, vramest.__version__)


if __name__ == "__main__":
    unittest.main()
