/// The lexicon files shipped with Vigie (see `Lexicons/README.md`).
public enum VigieLexicons {}
