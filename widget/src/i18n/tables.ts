// Every shipped table, for the build (one lazily loaded chunk each, and the launcher labels
// copied into widget.js) and the tests. Widget code never imports this file: a visitor downloads
// only their own language.
import ar from "./ar";
import de from "./de";
import en from "./en";
import es from "./es";
import fa from "./fa";
import fr from "./fr";
import he from "./he";
import hi from "./hi";
import id from "./id";
import it from "./it";
import ja from "./ja";
import ko from "./ko";
import type { Messages } from "./messages";
import nl from "./nl";
import pl from "./pl";
import pt from "./pt";
import ru from "./ru";
import sv from "./sv";
import tr from "./tr";
import uk from "./uk";
import zh from "./zh";

export const TABLES: Record<string, Messages> = { en, de, fr, es, it, pt, nl, pl, sv, tr, ru, uk, ar, he, fa, hi, ja, ko, zh, id };
