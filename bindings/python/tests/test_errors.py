"""Library failures become VramError with the status and the thread's message."""

import pickle
import unittest

import vramest
from vramest import Status, VramError

from support import llama_31_8b


class TestVramError(unittest.TestCase):
    def test_range_error_carries_code_name_message(self):
        with vramest.Config() as c:
            with self.assertRaises(VramError) as cm:
                c.set("seq_len", 0)
        e = cm.exception
        self.assertEqual(e.code, 2)  # VRAM_E_RANGE = 2 in vramest.h
        self.assertEqual(e.code, Status.E_RANGE)
        self.assertIs(e.status, Status.E_RANGE)
        self.assertEqual(e.name, "VRAM_E_RANGE")
        self.assertIn("seq_len", e.message)
        self.assertIn("got 0", e.message)
        self.assertEqual(e.function, "vram_config_set_u64")
        self.assertIn("VRAM_E_RANGE", str(e))
        self.assertIn(e.message, str(e))

    def test_each_status_from_its_own_failure(self):
        with vramest.Model() as m, vramest.Config() as c, vramest.Result() as r:
            cases = [
                (Status.E_RANGE, lambda: m.set("num_layers", 0), "num_layers"),
                (Status.E_TYPE, lambda: m.set("hidden_size", "rmsnorm"), "hidden_size"),
                (Status.E_UNKNOWN_KEY, lambda: c.set("dtype", "bfloat17"), "bfloat17"),
                (Status.E_NOT_FOUND, lambda: c.set("gpu", "H100-90GB"), "H100-90GB"),
                (Status.E_NOT_FOUND, lambda: m.get("no_such_key"), "no_such_key"),
                (Status.E_READ_ONLY, lambda: m.set("params_total", 1), "params_total"),
                (Status.E_INCOMPLETE, lambda: m.validate(), ""),
                (Status.E_INCOMPLETE, lambda: vramest.estimate_inference(m, c, r), ""),
                (Status.E_RANGE, lambda: r.bytes("total"), "no estimate"),
                (Status.E_UNKNOWN_KEY, lambda: vramest.estimate(m, c, 9, r), ""),
            ]
            for code, call, needle in cases:
                with self.subTest(code=code.name, needle=needle):
                    with self.assertRaises(VramError) as cm:
                        call()
                    self.assertEqual(cm.exception.code, code)
                    self.assertEqual(cm.exception.name, "VRAM_" + code.name)
                    self.assertIn(needle, cm.exception.message)
                    self.assertTrue(cm.exception.message)

    def test_message_is_from_the_failing_call(self):
        # a second failure replaces the first message
        with vramest.Model() as m:
            with self.assertRaises(VramError) as first:
                m.set("hidden_size", 0)
            with self.assertRaises(VramError) as second:
                m.set("vocab_size", 1 << 30)
        self.assertIn("hidden_size", first.exception.message)
        self.assertIn("vocab_size", second.exception.message)
        self.assertNotIn("hidden_size", second.exception.message)

    def test_strerror_and_status_name(self):
        for status in Status:
            self.assertEqual(vramest.status_name(status), "VRAM_" + status.name)
            self.assertTrue(vramest.strerror(status))
        self.assertEqual(vramest.strerror(999), "unknown status")  # vramest.h
        self.assertEqual(vramest.status_name(999), "VRAM_E_UNKNOWN")

    def test_pickles(self):
        e = VramError(Status.E_RANGE, "seq_len must be > 0", "vram_config_set_u64")
        e2 = pickle.loads(pickle.dumps(e))
        self.assertEqual((e2.code, e2.name, e2.message), (2, "VRAM_E_RANGE", "seq_len must be > 0"))


class TestPythonSideErrors(unittest.TestCase):
    """Values Python cannot hand to C are refused before the call."""

    def test_values_outside_uint64(self):
        with vramest.Config() as c:
            with self.assertRaises(ValueError):
                c.set("seq_len", -1)  # would wrap to 2**64 - 1 in c_uint64
            with self.assertRaises(ValueError):
                c.set("seq_len", 1 << 64)
            with self.assertRaises(TypeError):
                c.set("seq_len", 1.5)
            with self.assertRaises(TypeError):
                c.set("seq_len", None)
            with self.assertRaises(TypeError):
                c.set("gpu_memory_utilization", None)
            self.assertFalse(c.is_set("seq_len"))

    def test_unknown_enum_names(self):
        with llama_31_8b() as m, vramest.Result() as r:
            with self.assertRaises(ValueError):
                m.get_layer(0, "feed_forward")
            with self.assertRaises(ValueError):
                r.bytes("kv")
            with self.assertRaises(TypeError):
                r.bytes(vramest.Part.KV_CACHE, device=None)
            with self.assertRaises(ValueError):
                r.bytes(vramest.Part.KV_CACHE, device=1 << 32)


if __name__ == "__main__":
    unittest.main()
