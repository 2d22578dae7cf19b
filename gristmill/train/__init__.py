"""Training: QLoRA SFT, DPO and a reward model on one visible loop (DESIGN §5).

Entry points: `gristmill.train.sft.run_sft`, `gristmill.train.dpo.run_dpo`, `gristmill.train.rm.run_rm`, each
taking a `gristmill.train.config.TrainConfig`. Nothing heavy is imported here: `import gristmill.train` does not
load torch; the submodules do.
"""
