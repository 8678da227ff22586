// Tests for VigieMatch land here.
