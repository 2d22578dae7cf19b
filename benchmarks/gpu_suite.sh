#!/usr/bin/env bash
# Everything the training issues need from a GPU, in stages that each fit one 10-minute device call.
#   bash benchmarks/gpu_suite.sh probe|tests|sft|dpo|real|smollm2|profile|70b [OUTDIR]
# smollm2 takes RUNS (train_sft.py --runs) and SKIP_DPO=1; profile takes SHAPE, BUDGET (GiB) and TOOLS; dpo takes
# SHAPES, VARIANTS (train_dpo.py --variants), TRL_ACCUMULATE (--trl-accumulate) and DPO_TIMEOUT.
# Needs: bitsandbytes, trl, datasets, pydantic (and gguf for smollm2) importable; DATA holds
# codegen_ids.npz, gpteacher_codegen_instruct.jsonl, hh_rlhf_harmless_test_shared.jsonl; SMOL is a
# SmolLM2-135M-Instruct folder or .gguf file. Each stage writes its result table and JSON into OUTDIR.
set -u
stage=${1:?stage}
out=${2:-benchmarks/out}
data=${DATA:-benchmarks/out/data}
mkdir -p "$out"
export PYTHONUNBUFFERED=1 TOKENIZERS_PARALLELISM=false HF_HUB_OFFLINE=1 GRISTMILL_CACHE=${GRISTMILL_CACHE:-/tmp/gm-cache}
case $stage in
  probe)
    nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv
    python3 - <<'EOF'
import inspect, torch, transformers, peft
print("torch", torch.__version__, "transformers", transformers.__version__, "peft", peft.__version__)
try:
    from torch.nn.attention.varlen import varlen_attn
    print("varlen_attn", inspect.signature(varlen_attn))
except Exception as exc:
    print("varlen_attn missing:", exc)
for name in ("bitsandbytes", "trl", "datasets", "pydantic", "gguf"):
    try:
        module = __import__(name); print(name, module.__version__)
    except Exception as exc:
        print(name, "FAILED", exc)
EOF
    ;;
  tests) timeout 150 python3 -m pytest tests/train -m gpu -q -p no:cacheprovider --continue-on-collection-errors \
      2>&1 | tail -15 ;;  # modules that need polars (not on the GPU machine) fail to collect; the gpu tests run
  sft) timeout 540 python3 benchmarks/train_sft.py --what synthetic --shape 1b 8b --steps 20 --out "$out/sft_synthetic.json" ;;
  dpo) timeout ${DPO_TIMEOUT:-300} python3 benchmarks/train_dpo.py --what synthetic --shape ${SHAPES:-1b 8b} --steps 20 \
      ${VARIANTS:+--variants $VARIANTS} ${TRL_ACCUMULATE:+--trl-accumulate $TRL_ACCUMULATE} --out "$out/dpo_synthetic.json" ;;
  real) timeout 540 python3 benchmarks/train_sft.py --what real --shape 1b --steps 30 --ids "$data/codegen_ids.npz" --out "$out/sft_real.json" ;;
  smollm2)
    case $SMOL in *.gguf)  # trl refuses GGUF-quantized models: de-quantize once into a plain folder
      python3 -c "import sys; from gristmill.models import load_model; m, t = load_model(sys.argv[1], device='cpu', dtype='bfloat16'); m.hf_quantizer = None; m.config.__dict__.pop('quantization_config', None); m.save_pretrained('/tmp/smollm2'); t.save_pretrained('/tmp/smollm2')" "$SMOL" && SMOL=/tmp/smollm2 ;;
    esac
    timeout ${SFT_TIMEOUT:-330} python3 benchmarks/train_sft.py --what smollm2 --model "$SMOL" --steps 150 \
      --data "$data/gpteacher_codegen_instruct.jsonl" --out "$out/sft_smollm2.json" ${RUNS:+--runs "$RUNS"}
    [ -n "${SKIP_DPO:-}" ] || timeout 200 python3 benchmarks/train_dpo.py --what smollm2 --model "$SMOL" \
      --steps 120 --data "$data/hh_rlhf_harmless_test_shared.jsonl" --out "$out/dpo_smollm2.json"
    ;;
  profile) timeout 500 python3 benchmarks/profile_step.py --shape "${SHAPE:-8b}" --budget-gib "${BUDGET:-6.8}" \
      --out "$out" ${TOOLS:+--tools $TOOLS} ;;
  70b) timeout 570 python3 benchmarks/train_70b.py --steps ${STEPS:-5} ${TOOLS:+--tools $TOOLS} --out "$out/train_70b.json" ;;
  *) echo "unknown stage $stage" >&2; exit 2 ;;
esac
