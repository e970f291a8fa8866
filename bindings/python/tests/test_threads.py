"""Threads share one model and one config, each with its own result."""

import threading
import unittest

import vramest
from vramest import Mode, Status, VramError

from support import gib, llama_31_8b

THREADS = 8
ROUNDS = 50


class TestThreads(unittest.TestCase):
    def test_shared_handles_give_identical_results(self):
        with llama_31_8b() as m, vramest.Config(seq_len=8192, batch_size=4) as c:
            expected = {}
            for mode in Mode:
                with vramest.estimate(m, c, mode) as r:
                    expected[mode] = r.to_dict()
            expected_batch = vramest.solve_max_batch(m, c, Mode.INFERENCE, gib(80))
            barrier = threading.Barrier(THREADS)
            results = [None] * THREADS

            def work(i):
                barrier.wait()
                got, batches = [], set()
                with vramest.Result() as r:
                    for n in range(ROUNDS):
                        mode = list(Mode)[(i + n) % len(Mode)]
                        vramest.estimate(m, c, mode, r)
                        got.append((mode, r.to_dict()))
                        batches.add(vramest.solve_max_batch(m, c, Mode.INFERENCE, gib(80)))
                results[i] = (got, batches)

            threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            for i, (got, batches) in enumerate(results):
                self.assertEqual(len(got), ROUNDS, f"thread {i}")
                for mode, d in got:
                    self.assertEqual(d, expected[mode], f"thread {i}, {mode.name}")
                self.assertEqual(batches, {expected_batch})

    def test_error_messages_stay_on_their_thread(self):
        # each thread fails with its own value; the message it gets names it
        barrier = threading.Barrier(THREADS)
        messages = [None] * THREADS

        def work(i):
            got = []
            with vramest.Model() as m:
                barrier.wait()
                for _ in range(ROUNDS):
                    try:
                        m.set("num_layers", 5000 + i)  # over the 1024-layer limit
                    except VramError as e:
                        got.append((e.code, e.message))
            messages[i] = got

        threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for i, got in enumerate(messages):
            self.assertEqual(len(got), ROUNDS)
            for code, message in got:
                self.assertEqual(code, Status.E_RANGE)
                self.assertIn(f"got {5000 + i}", message)


if __name__ == "__main__":
    unittest.main()
