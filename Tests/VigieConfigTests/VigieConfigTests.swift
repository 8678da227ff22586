// Tests for VigieConfig land here.
