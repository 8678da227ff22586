// Tests for VigieStore land here.
