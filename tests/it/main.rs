//! The integration tests, in one crate so that `cargo test` links one
//! binary for them (issue 18): a module per concern, the helpers they
//! share in `tests/common`. The pseudo-terminal tests are `tests/pty`.

#[path = "../common/mod.rs"]
mod common;

mod bounded_reads;
mod bundle_import;
mod bundle_load;
mod bundle_rules;
mod canonical_line;
mod check_cli;
mod docs;
mod facilitator;
mod hostile_text;
mod keys;
mod kiosk;
mod kiosk_flow;
mod layers;
mod mutations;
mod pv_html;
mod results_properties;
mod rules_properties;
mod sample_bundles;
mod screens;
mod secret_adversary;
mod secret_ballot;
mod session_faults;
mod staff_commands;
mod tally_durability;
mod tally_tamper;
mod vectors;
mod verify_exact;
mod writer_faults;
