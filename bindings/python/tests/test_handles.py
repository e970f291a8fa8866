"""Handle lifetime: close, context managers, garbage collection, handle types."""

import ctypes
import gc
import unittest
import weakref

import vramest
from vramest import _native

from support import LLAMA_31_8B, llama_31_8b


class TestLifetime(unittest.TestCase):
    def _each(self):
        return [vramest.Model(), vramest.Config(), vramest.Result()]

    def test_close_twice(self):
        for h in self._each():
            with self.subTest(handle=type(h).__name__):
                self.assertFalse(h.closed)
                h.close()
                self.assertTrue(h.closed)
                h.close()
                self.assertTrue(h.closed)

    def test_use_after_close_raises_value_error(self):
        m, c, r = self._each()
        for h in (m, c, r):
            h.close()
        uses = [
            lambda: m.get("num_layers"), lambda: m.set("num_layers", 2), lambda: m.name,
            lambda: m.validate(), lambda: m.clone(), lambda: m.get_layer(0, "attention"),
            lambda: c.get("seq_len"), lambda: c.set("seq_len", 2), lambda: c.unset("seq_len"),
            lambda: c.is_set("seq_len"), lambda: c.clone(),
            lambda: r.bytes(), lambda: r.band(), lambda: r.kind("weights"),
            lambda: r.get("num_devices"), lambda: r.to_dict(),
            lambda: m._as_parameter_,
        ]
        for i, use in enumerate(uses):
            with self.subTest(use=i), self.assertRaises(ValueError) as cm:
                use()
            self.assertIn("closed", str(cm.exception))
        # a closed handle passed to a module function
        with llama_31_8b() as live_m, vramest.Config() as live_c:
            with self.assertRaises(ValueError):
                vramest.estimate_inference(m, live_c)
            with self.assertRaises(ValueError):
                vramest.estimate_inference(live_m, c)
            with self.assertRaises(ValueError):
                vramest.estimate_inference(live_m, live_c, r)
            with self.assertRaises(ValueError):
                vramest.solve_max_batch(live_m, c, "inference", 1 << 40)

    def test_context_manager_closes(self):
        with vramest.Model() as m:
            self.assertEqual(m.get("num_layers"), 0)
        self.assertTrue(m.closed)
        with self.assertRaises(ValueError):
            with m:
                pass
        # closed on the way out of an exception too
        with self.assertRaises(KeyError):
            with vramest.Config() as c:
                raise KeyError("x")
        self.assertTrue(c.closed)

    def test_garbage_collection_frees(self):
        for cls in (vramest.Model, vramest.Config, vramest.Result):
            with self.subTest(cls=cls.__name__):
                h = cls()
                fin = h._fin
                ref = weakref.ref(h)
                self.assertTrue(fin.alive)
                del h
                gc.collect()
                self.assertIsNone(ref())
                self.assertFalse(fin.alive)  # the destroy function ran

    def test_finalizer_does_not_keep_handle_alive(self):
        m = vramest.Model()
        ref = weakref.ref(m)
        del m
        # CPython frees it by reference counting, without a cycle collection
        self.assertIsNone(ref())

    def test_clone_is_independent(self):
        with llama_31_8b() as m:
            copy = m.clone()
            m.close()
            self.assertEqual(copy.get("hidden_size"), LLAMA_31_8B["hidden_size"])
            self.assertEqual(copy.name, "meta-llama/Llama-3.1-8B")
            copy.set("hidden_size", 2048)
            copy.close()
        with vramest.Config(seq_len=8192) as c:
            c2 = c.clone()
            c2.set("seq_len", 16)
            self.assertEqual(c.get("seq_len"), 8192)
            self.assertEqual(c2.get("seq_len"), 16)
            c2.close()

    def test_failed_keyword_construction_closes(self):
        # the half-built handle is destroyed at once, not left to the collector
        lib = _native.lib
        for cls, destroy, kwargs in (
                (vramest.Config, "vram_config_destroy", dict(seq_len=4096, batch_size=0)),
                (vramest.Model, "vram_model_destroy", dict(num_layers=2, no_such_key=1))):
            real, calls = getattr(lib, destroy), []

            def spy(ptr, real=real, calls=calls):
                calls.append(ptr.value)
                real(ptr)
            setattr(lib, destroy, spy)
            try:
                gc.disable()
                with self.assertRaises(vramest.VramError):
                    cls(**kwargs)
                self.assertEqual(len(calls), 1)
                self.assertTrue(calls[0])
            finally:
                gc.enable()
                setattr(lib, destroy, real)


class TestHandleTypes(unittest.TestCase):
    def test_handles_cannot_be_mixed(self):
        with vramest.Model() as m, vramest.Config() as c, vramest.Result() as r:
            # straight into the C function: the handle types refuse each other
            with self.assertRaises(ctypes.ArgumentError):
                _native.lib.vram_model_validate(c)
            with self.assertRaises(ctypes.ArgumentError):
                _native.lib.vram_estimate_inference(c, m, r)
            with self.assertRaises(ctypes.ArgumentError):
                _native.lib.vram_model_destroy(12345)
            with self.assertRaises(ctypes.ArgumentError):
                _native.lib.vram_result_destroy(None)
            # through the Python API
            with self.assertRaises(TypeError):
                vramest.estimate_inference(c, m)
            with self.assertRaises(TypeError):
                vramest.estimate_inference(m, c, m)
            with self.assertRaises(TypeError):
                vramest.solve_max_batch(m, m, "inference", 1)

    def test_as_parameter(self):
        with vramest.Model(num_layers=3) as m:
            out = ctypes.c_uint64()
            # a Model goes straight to the C function through _as_parameter_
            _native.lib.vram_model_get_u64(m, vramest.ModelKey.NUM_LAYERS, ctypes.byref(out))
            self.assertEqual(out.value, 3)


if __name__ == "__main__":
    unittest.main()
