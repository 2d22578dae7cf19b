"""Export tests run on the tiny Llama and a run trained on it (fixtures from deploy_runs)."""

import deploy_runs

tiny_base = deploy_runs.tiny_base  # session fixtures shared with tests/serve
tiny_run = deploy_runs.tiny_run
