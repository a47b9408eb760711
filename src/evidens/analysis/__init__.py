"""Analysis on top of the evidence base, without Qt: target-group profiles and gap analysis
(``profiles``) and side-by-side comparison (``comparison``). Imports only the evidence base and
the shared top-level modules."""
