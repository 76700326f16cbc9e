"""Runs a `tessera explore` spec on a Ray cluster: the points its store lacks, in chunks, as
Ray tasks that run the `tessera` binary on the workers; results merged into the spec's store
(the one `tessera explore SPEC --resume` reads) as they arrive."""
