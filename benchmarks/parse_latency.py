"""Benchmark: Rasa's /model/parse latency per language, against a real Rasa server.

    .venv/bin/python benchmarks/parse_latency.py [--requests 200] [--model models/welcome.tar.gz]

Starts `rasa run --enable-api` on a free loopback port, sends sequential parse requests
with realistic messages in all eight languages and prints p50/p95/p99 per language.
Target: p95 <= 50 ms.
"""

from __future__ import annotations

import argparse
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
MESSAGES = {
    "de": [
        "Wie viel kostet der Integrationskurs in Leipzig?",
        "Brauche ich eine Anerkennung als Pflegekraft?",
        "Hallo",
    ],
    "en": ["How much does the integration course cost?", "Do I need recognition as a nurse?", "Hello"],
    "ar": ["كم تكلفة دورة الاندماج في لايبزيغ؟", "هل أحتاج إلى معادلة شهادتي كممرضة؟", "مرحبا"],
    "uk": [
        "Скільки коштує інтеграційний курс у Лейпцигу?",
        "Чи потрібне мені визнання диплома медсестри?",
        "Привіт",
    ],
    "ru": [
        "Сколько стоит интеграционный курс в Лейпциге?",
        "Нужно ли мне признание диплома медсестры?",
        "Привет",
    ],
    "tr": ["Leipzig'de uyum kursu ne kadar?", "Hemşirelik diplomam için denklik gerekli mi?", "Merhaba"],
    "es": [
        "¿Cuánto cuesta el curso de integración en Leipzig?",
        "¿Necesito reconocimiento como enfermera?",
        "Hola",
    ],
    "fa": ["هزینه دوره ادغام در لایپزیگ چقدر است؟", "آیا برای پرستاری به ارزشیابی مدرک نیاز دارم؟", "سلام"],
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=200, help="per language")
    parser.add_argument("--model", default=str(ROOT / "models" / "welcome.tar.gz"))
    args = parser.parse_args()
    port, token = free_port(), secrets.token_hex(16)
    env = {
        **os.environ,
        "RASA_TELEMETRY_ENABLED": "false",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "PYTHONPATH": str(ROOT),
    }
    log = tempfile.NamedTemporaryFile("w", suffix=".log", delete=False)
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "rasa"), "run", "--enable-api", "--auth-token", token,
         "--interface", "127.0.0.1", "--port", str(port), "--model", args.model],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        started = time.monotonic()
        with httpx.Client(timeout=30) as http:
            while True:
                try:
                    if http.get(f"{url}/status", params={"token": token}).json().get("model_file"):
                        break
                except (httpx.HTTPError, ValueError):
                    pass
                if server.poll() is not None or time.monotonic() - started > 300:
                    sys.exit(f"Rasa did not start; see {log.name}")
                time.sleep(1)
            startup = time.monotonic() - started
            for text in MESSAGES["de"]:  # warm-up: the first requests build TF graphs
                http.post(f"{url}/model/parse", params={"token": token}, json={"text": text})
            rows, everything = [], []
            for language, texts in MESSAGES.items():
                timings = []
                for n in range(args.requests):
                    begin = time.perf_counter()
                    response = http.post(
                        f"{url}/model/parse", params={"token": token}, json={"text": texts[n % len(texts)]}
                    )
                    timings.append((time.perf_counter() - begin) * 1000)
                    response.raise_for_status()
                everything.extend(timings)
                rows.append((language, timings))
    finally:
        server.terminate()
        server.wait(timeout=60)

    def pct(values, share):
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    print(f"Rasa server ready after {startup:.0f} s\n")
    print("| language | requests | p50 ms | p95 ms | p99 ms |")
    print("|---|---:|---:|---:|---:|")
    for language, timings in [*rows, ("all", everything)]:
        print(
            f"| {language} | {len(timings)} | {statistics.median(timings):.1f} | "
            f"{pct(timings, 0.95):.1f} | {pct(timings, 0.99):.1f} |"
        )
    p95 = pct(everything, 0.95)
    print(f"\np95 {p95:.1f} ms: {'meets' if p95 <= 50 else 'MISSES'} the 50 ms target")


if __name__ == "__main__":
    main()
