#include "server/content/scan.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <unordered_set>

namespace balai::content {

namespace {

// ------------------------------------------------------------------ seed list

struct Seed {
  const char* term;
  const char* jenis;
};

// Keep in sync with schema/009_scan_terms.sql (a unit test compares them).
constexpr Seed kSeed[] = {
    // Phrases that are promotion for gambling on their own.
    {"slot gacor", "frasa"}, {"situs slot", "frasa"}, {"link alternatif", "frasa"}, {"rtp live", "frasa"},
    {"scatter hitam", "frasa"}, {"deposit pulsa", "frasa"}, {"gacor hari ini", "frasa"}, {"sbobet", "frasa"},
    {"mahjong ways", "frasa"}, {"pragmatic play", "frasa"}, {"bandar togel", "frasa"}, {"agen togel", "frasa"},
    {"bandar slot", "frasa"}, {"agen slot", "frasa"}, {"situs gacor", "frasa"}, {"pola gacor", "frasa"},
    {"jam gacor", "frasa"}, {"bocoran rtp", "frasa"}, {"bonus new member", "frasa"}, {"anti rungkat", "frasa"},
    {"mix parlay", "frasa"}, {"bbfs", "frasa"}, {"toto macau", "frasa"}, {"situs toto", "frasa"},
    {"slot88", "frasa"}, {"slot777", "frasa"}, {"kakek zeus", "frasa"}, {"gates of olympus", "frasa"},
    {"sweet bonanza", "frasa"}, {"starlight princess", "frasa"}, {"slot thailand", "frasa"},
    {"server thailand", "frasa"}, {"live casino", "frasa"}, {"freebet", "frasa"}, {"slot demo", "frasa"},
    {"akun demo slot", "frasa"}, {"depo 10k", "frasa"},
    // Words that need company (weights built in below).
    {"maxwin", "frasa"}, {"jackpot", "frasa"}, {"scatter", "frasa"}, {"zeus", "frasa"},
    {"slot", "frasa"}, {"bandar", "frasa"}, {"gacor", "frasa"}, {"rtp", "frasa"}, {"link daftar", "frasa"},
    {"judi", "frasa"}, {"judi online", "frasa"}, {"judol", "frasa"}, {"togel", "frasa"}, {"taruhan", "frasa"},
    {"casino", "frasa"}, {"kasino", "frasa"}, {"poker", "frasa"}, {"slot online", "frasa"}, {"judi slot", "frasa"},
    {"judi bola", "frasa"}, {"togel online", "frasa"}, {"sabung ayam", "frasa"},
    // URL shorteners and link pages.
    {"bit.ly", "domain"}, {"s.id", "domain"}, {"tinyurl.com", "domain"}, {"cutt.ly", "domain"},
    {"shorturl.at", "domain"}, {"rebrand.ly", "domain"}, {"t.ly", "domain"}, {"rb.gy", "domain"},
    {"is.gd", "domain"}, {"ow.ly", "domain"}, {"tiny.cc", "domain"}, {"linktr.ee", "domain"},
    {"heylink.me", "domain"}, {"linkr.bio", "domain"}, {"bio.link", "domain"},
    // Cheap top-level domains favoured by gambling sites.
    {".xyz", "domain"}, {".top", "domain"}, {".vip", "domain"}, {".bet", "domain"}, {".casino", "domain"},
    {".poker", "domain"}, {".win", "domain"}, {".icu", "domain"}, {".site", "domain"}, {".online", "domain"},
    {".club", "domain"}, {".fun", "domain"}, {".sbs", "domain"}, {".cfd", "domain"}, {".lol", "domain"},
    {".buzz", "domain"}, {".cyou", "domain"}, {".monster", "domain"}, {".rest", "domain"}, {".pw", "domain"},
    {".tk", "domain"},
};

// ------------------------------------------------------------------ built-in knowledge

// How a listed phrase counts. Listed phrases not named here are strong (10):
// a term Diskominfo adds holds content on its own.
enum class Cat : std::uint8_t { Strong, Promo, Topic, Ambiguous };
struct Known {
  const char* term;
  Cat cat;
  int weight;
};
constexpr Known kKnown[] = {
    // Mostly used to advertise gambling, but quoted in warnings too.
    {"maxwin", Cat::Promo, 7}, {"jackpot", Cat::Promo, 5}, {"scatter", Cat::Promo, 5}, {"zeus", Cat::Promo, 5},
    // Ordinary meanings exist: slot waktu, bandar udara, burung gacor, RTP penerima bantuan.
    {"slot", Cat::Ambiguous, 3}, {"bandar", Cat::Ambiguous, 3}, {"gacor", Cat::Ambiguous, 3},
    {"rtp", Cat::Ambiguous, 3}, {"link daftar", Cat::Ambiguous, 3}, {"toto", Cat::Ambiguous, 3},
    // Gambling as a topic: news, sermons and warnings name it all the time.
    {"judi", Cat::Topic, 4}, {"judi online", Cat::Topic, 4}, {"judol", Cat::Topic, 4}, {"togel", Cat::Topic, 4},
    {"taruhan", Cat::Topic, 4}, {"casino", Cat::Topic, 4}, {"kasino", Cat::Topic, 4}, {"poker", Cat::Topic, 4},
    {"slot online", Cat::Topic, 4}, {"judi slot", Cat::Topic, 4}, {"judi bola", Cat::Topic, 4},
    {"togel online", Cat::Topic, 4}, {"sabung ayam", Cat::Topic, 4}, {"lotre", Cat::Topic, 4},
};
constexpr int kStrongWeight = 10;
constexpr int kTopicCap = 6;  // topic and ambiguous words together never hold without more

// Promotional wording; counts only next to gambling words. Weight 3: used
// almost only by gambling sites (also makes an ambiguous word count); 2:
// promotional; 1: common words.
struct Cue {
  const char* text;
  int weight;
};
constexpr int kSpecificCue = 3;
constexpr Cue kCues[] = {
    {"deposit", 3}, {"depo", 3}, {"wd", 3}, {"withdraw", 3}, {"freebet", 3}, {"bosku", 3}, {"new member", 3},
    {"tanpa potongan", 3}, {"anti blokir", 3}, {"x500", 3}, {"x1000", 3}, {"x5000", 3}, {"spin", 3},
    {"parlay", 3}, {"rollingan", 3}, {"bocoran", 3}, {"winrate", 3}, {"akun pro", 3}, {"uang asli", 3},
    {"daftar", 2}, {"bonus", 2}, {"terpercaya", 2}, {"login", 2}, {"promo", 2}, {"member", 2}, {"hari ini", 2},
    {"dijamin", 2}, {"pasti", 2}, {"gampang", 2}, {"receh", 2}, {"modal", 2}, {"hoki", 2}, {"jp", 2},
    {"cuan", 2}, {"vip", 2}, {"pola", 2}, {"prediksi", 2}, {"keluaran", 2}, {"pasaran", 2}, {"jitu", 2},
    {"colok", 2}, {"24 jam", 2}, {"auto", 2}, {"terbaru", 2}, {"terbaik", 2}, {"terbesar", 2}, {"gabung", 2},
    {"buruan", 2}, {"cashback", 2}, {"gampang menang", 2}, {"mudah menang", 2}, {"pasti menang", 2},
    {"situs", 1}, {"link", 1}, {"alternatif", 1}, {"resmi", 1}, {"online", 1}, {"akun", 1}, {"admin", 1},
    {"menang", 1}, {"whatsapp", 1}, {"wa", 1}, {"telegram", 1}, {"thailand", 1}, {"kamboja", 1}, {"bet", 1},
    {"main", 1}, {"klik", 1}, {"dana", 1}, {"ovo", 1}, {"pulsa", 1}, {"sultan", 1}, {"gaskeun", 1},
};
constexpr int kCueCap = 6;

// Calls to action: their presence rules out the awareness reading.
constexpr const char* kCallToAction[] = {
    "daftar sekarang", "gabung sekarang", "login", "depo", "deposit", "wd", "withdraw", "new member", "freebet",
    "anti rungkat", "bosku", "gampang menang", "pasti menang", "mudah menang", "link alternatif", "link daftar",
    "min depo", "minimal depo", "anti blokir", "x500", "x1000", "buruan", "gabung", "terpercaya", "pasti jp",
    "auto jp", "akun pro", "wa admin", "hubungi admin", "daftar di bio", "link di bio", "uang asli",
};

// Words of news, sermons and warnings about gambling (awareness context).
constexpr const char* kAwareness[] = {
    "bahaya", "berbahaya", "membahayakan", "jauhi", "menjauhi", "hindari", "menghindari", "himbau", "himbauan",
    "menghimbau", "dihimbau", "imbau", "imbauan", "mengimbau", "diimbau", "sosialisasi", "penyuluhan",
    "larangan", "dilarang", "melarang", "pidana", "polisi", "polsek", "polres", "polda", "kepolisian", "kapolsek",
    "kapolres", "bhabinkamtibmas", "babinsa", "ditangkap", "menangkap", "penangkapan", "diamankan",
    "mengamankan", "diringkus", "tersangka", "pelaku", "penjara", "hukuman", "pasal", "berantas", "memberantas",
    "pemberantasan", "dampak", "kecanduan", "candu", "waspada", "waspadai", "mewaspadai", "cegah", "mencegah",
    "pencegahan", "tolak", "menolak", "lawan", "melawan", "merugikan", "kerugian", "terjerat", "menjerat",
    "korban", "merusak", "haram", "diharamkan", "dosa", "ceramah", "pengajian", "khutbah", "edukasi", "seminar",
    "razia", "laporkan", "melaporkan", "tergiur", "iming", "marak", "maraknya", "kominfo", "komdigi",
    "aduankonten", "barang bukti", "kriminal", "kejahatan", "penipuan", "terlilit", "utang", "hutang", "pinjol",
    "kesadaran", "perjudian", "berjudi", "bebas judi", "anti judi", "mengawasi", "pengawasan", "orang tua",
    "memusnahkan", "menghapus",
};

// Extra words for splitting run-together spam ("situsslotgacorterpercaya").
constexpr const char* kGlue[] = {
    "online", "terpercaya", "terbaik", "terbesar", "terbaru", "indonesia", "asia", "resmi", "hari", "ini", "new",
    "gampang", "mudah", "menang", "login", "daftar", "link", "situs", "agen", "bandar", "judi", "akun", "pro",
    "demo", "gratis", "bet", "mobile", "apk", "vip", "pasti", "bos", "bosku", "hoki", "cuan", "gas", "auto",
    "max", "win", "jitu", "alternatif", "deposit", "depo", "pulsa", "dana", "bonus", "member", "rtp", "live",
    "pola", "jam", "bocoran", "hitam", "ways", "play", "sekarang", "main", "game", "spin", "di", "ke", "ya",
    "yg", "wa", "jp", "wd",
};

// Second-level suffixes of government and school sites: external, but not
// counted for sudden link insertion.
constexpr const char* kTrustedSuffixes[] = {"go.id", "desa.id", "sch.id", "ac.id", "mil.id"};

// Top-level domains recognised in plain text ("kunjungi gacor88.com").
constexpr const char* kTextTlds[] = {
    "com", "net", "org", "info", "biz", "id", "co", "io", "me", "ly", "gl", "gg", "cc", "tv", "xyz", "top", "vip",
    "bet", "casino", "poker", "win", "icu", "site", "online", "club", "fun", "live", "shop", "store", "pro",
    "asia", "link", "click", "app", "dev", "tk", "ml", "ga", "cf", "gq", "pw", "sbs", "cfd", "lol", "buzz",
    "monster", "cyou", "rest", "bond", "ink", "space", "website", "tech", "world", "today", "sg", "my", "ph",
    "vn", "kh", "th", "bio", "ee", "at", "gd", "us", "uk", "ws", "to",
};

// ------------------------------------------------------------------ UTF-8 and folding

constexpr char kSep = ' ';

bool is_alpha(char c) { return c >= 'a' && c <= 'z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_unit(char c) { return is_alpha(c) || is_digit(c); }

char32_t decode(std::string_view s, std::size_t& i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  auto cont = [&](std::size_t k) { return i + k < s.size() && (byte(k) & 0xC0) == 0x80; };
  unsigned char c = byte(0);
  if (c < 0x80) {
    ++i;
    return c;
  }
  if (c >= 0xC2 && c < 0xE0 && cont(1)) {
    char32_t cp = (char32_t(c & 0x1F) << 6) | (byte(1) & 0x3F);
    i += 2;
    return cp;
  }
  if (c >= 0xE0 && c < 0xF0 && cont(1) && cont(2)) {
    char32_t cp = (char32_t(c & 0x0F) << 12) | (char32_t(byte(1) & 0x3F) << 6) | (byte(2) & 0x3F);
    i += 3;
    return cp < 0x800 ? 0xFFFD : cp;
  }
  if (c >= 0xF0 && c <= 0xF4 && cont(1) && cont(2) && cont(3)) {
    char32_t cp = (char32_t(c & 0x07) << 18) | (char32_t(byte(1) & 0x3F) << 12) | (char32_t(byte(2) & 0x3F) << 6) |
                  (byte(3) & 0x3F);
    i += 4;
    return cp < 0x10000 ? 0xFFFD : cp;
  }
  ++i;
  return 0xFFFD;
}

enum class Kind : std::uint8_t { Sep, Unit, Drop, Invisible };
enum Script : std::uint8_t { kLatin = 0, kLookalike = 1, kStyled = 2 };
struct Fold {
  Kind kind = Kind::Sep;
  char c = kSep;
  std::uint8_t script = kLatin;
};

// U+00C0..U+00FF and U+0100..U+017F without their accents (' ' for × and ÷).
constexpr std::string_view kLatin1 = "aaaaaaaceeeeiiiidnooooo ouuuuyts" "aaaaaaaceeeeiiiidnooooo ouuuuyty";
constexpr std::string_view kLatinExtA =
    "aaaaaa" "cccccccc" "dddd" "eeeeeeeeee" "gggggggg" "hhhh" "iiiiiiiiii" "ii" "jj" "kkk" "llllllllll"
    "nnnnnnnnn" "oooooo" "oo" "rrrrrr" "ssssssss" "tttttt" "uuuuuuuuuuuu" "ww" "yyy" "zzzzzz" "s";
// U+0180..U+02AF (Latin Extended-B, IPA): letters "fancy text" generators use.
constexpr std::string_view kLatinExtB =
    "bbbbbboccdddd eeeffgyhlikkt mnnooo  pp     ttttu"
    "u vyyzz                      aaiioouuuuuuuuuu aa"
    "aaaaggggkkoooo  j   gg  nnaaaaooaaaaeeeeiiiioooo"
    "rrrruuuusstt  hh      aaeeooooooooyy      acclts"
    "z  bu eejjqqrryyaaabocddee ee   ggg  hh iiilll m"
    "mmnnno      rrrrr s jl ttu vvwyyzz     c b  hj l"
    "q               ";
static_assert(kLatin1.size() == 64 && kLatinExtA.size() == 128 && kLatinExtB.size() == 0x130);

struct Pair {
  char32_t cp;
  char c;
};
// Cyrillic and Greek letters that look like Latin ones.
constexpr Pair kLookalikes[] = {
    {0x0391, 'a'}, {0x0392, 'b'}, {0x0395, 'e'}, {0x0396, 'z'}, {0x0397, 'h'},
    {0x0399, 'i'}, {0x039A, 'k'}, {0x039C, 'm'}, {0x039D, 'n'}, {0x039F, 'o'}, {0x03A1, 'p'}, {0x03A4, 't'},
    {0x03A5, 'y'}, {0x03A7, 'x'}, {0x03B1, 'a'}, {0x03B2, 'b'}, {0x03B3, 'y'}, {0x03B5, 'e'}, {0x03B7, 'n'},
    {0x03B9, 'i'}, {0x03BA, 'k'}, {0x03BC, 'u'}, {0x03BD, 'v'}, {0x03BF, 'o'}, {0x03C1, 'p'}, {0x03C2, 's'},
    {0x03C3, 'o'}, {0x03C4, 't'}, {0x03C5, 'u'}, {0x03C7, 'x'}, {0x03C9, 'w'},
    {0x03F2, 'c'}, {0x03F3, 'j'}, {0x0405, 's'}, {0x0406, 'i'}, {0x0408, 'j'}, {0x0410, 'a'}, {0x0412, 'b'},
    {0x0415, 'e'}, {0x041A, 'k'}, {0x041C, 'm'}, {0x041D, 'h'}, {0x041E, 'o'}, {0x0420, 'p'}, {0x0421, 'c'},
    {0x0422, 't'}, {0x0423, 'y'}, {0x0425, 'x'}, {0x0430, 'a'}, {0x0432, 'b'}, {0x0435, 'e'}, {0x043A, 'k'},
    {0x043C, 'm'}, {0x043D, 'h'}, {0x043E, 'o'}, {0x0440, 'p'}, {0x0441, 'c'}, {0x0442, 't'}, {0x0443, 'y'},
    {0x0445, 'x'}, {0x0451, 'e'}, {0x0455, 's'}, {0x0456, 'i'}, {0x0457, 'i'}, {0x0458, 'j'}, {0x04C0, 'l'},
    {0x04CF, 'l'}, {0x0501, 'd'}, {0x051B, 'q'}, {0x051D, 'w'},
};
// Small capitals and letterlike symbols used as decoration.
constexpr Pair kStyledLetters[] = {
    {0x0493, 'f'}, {0x1D00, 'a'}, {0x1D04, 'c'}, {0x1D05, 'd'}, {0x1D07, 'e'},
    {0x1D0A, 'j'}, {0x1D0B, 'k'}, {0x1D0D, 'm'}, {0x1D0F, 'o'}, {0x1D18, 'p'}, {0x1D1B, 't'}, {0x1D1C, 'u'},
    {0x1D20, 'v'}, {0x1D21, 'w'}, {0x1D22, 'z'}, {0x2102, 'c'}, {0x2107, 'e'}, {0x210A, 'g'}, {0x210B, 'h'},
    {0x210C, 'h'}, {0x210D, 'h'}, {0x210E, 'h'}, {0x210F, 'h'}, {0x2110, 'i'}, {0x2111, 'i'}, {0x2112, 'l'},
    {0x2113, 'l'}, {0x2115, 'n'}, {0x2119, 'p'}, {0x211A, 'q'}, {0x211B, 'r'}, {0x211C, 'r'}, {0x211D, 'r'},
    {0x2124, 'z'}, {0x2128, 'z'}, {0x212C, 'b'}, {0x212D, 'c'}, {0x212F, 'e'}, {0x2130, 'e'}, {0x2131, 'f'},
    {0x2133, 'm'}, {0x2134, 'o'}, {0x2139, 'i'}, {0xA731, 's'},
};

template <std::size_t N>
char lookup(const Pair (&table)[N], char32_t cp) {
  auto it = std::lower_bound(std::begin(table), std::end(table), cp, [](const Pair& p, char32_t v) { return p.cp < v; });
  return it != std::end(table) && it->cp == cp ? it->c : 0;
}

bool in(char32_t cp, char32_t lo, char32_t hi) { return cp >= lo && cp <= hi; }

// Characters that render as nothing; inside a word they hide it from filters.
bool invisible(char32_t cp) {
  return in(cp, 0x200B, 0x200F) || in(cp, 0x202A, 0x202E) || in(cp, 0x2060, 0x2064) || in(cp, 0x2066, 0x2069) ||
         cp == 0xFEFF || cp == 0x180E || cp == 0x034F || cp == 0x115F || cp == 0x1160 || cp == 0x3164 ||
         cp == 0xFFA0 || cp == 0x17B4 || cp == 0x17B5;
}

// Marks and selectors that do not change the letter they sit on.
bool droppable(char32_t cp) {
  return cp == 0x00AD || in(cp, 0x0300, 0x036F) || in(cp, 0x1AB0, 0x1AFF) || in(cp, 0x1DC0, 0x1DFF) ||
         in(cp, 0x20D0, 0x20FF) || in(cp, 0xFE00, 0xFE0F) || in(cp, 0xFE20, 0xFE2F) || in(cp, 0xE0100, 0xE01EF);
}

Fold unit(char c, std::uint8_t script = kLatin) { return {Kind::Unit, c, script}; }

Fold fold(char32_t cp) {
  if (cp < 0x80) {
    char c = static_cast<char>(cp);
    if (c == 'I') return unit('I');  // 'i', or 'l' in disguise: decided by its neighbours
    if (c >= 'A' && c <= 'Z') return unit(static_cast<char>(c - 'A' + 'a'));
    if (is_unit(c) || c == '@' || c == '$' || c == '|') return unit(c);
    return {};
  }
  if (invisible(cp)) return {Kind::Invisible};
  if (droppable(cp)) return {Kind::Drop};
  if (in(cp, 0xC0, 0xFF)) {
    char c = kLatin1[cp - 0xC0];
    return c == kSep ? Fold{} : unit(c);
  }
  if (in(cp, 0x100, 0x17F)) return unit(kLatinExtA[cp - 0x100]);
  if (in(cp, 0x180, 0x2AF)) {
    char c = kLatinExtB[cp - 0x180];
    return c == kSep ? Fold{} : unit(c, kStyled);
  }
  if (char c = lookup(kLookalikes, cp)) return unit(c, kLookalike);
  if (char c = lookup(kStyledLetters, cp)) return unit(c, kStyled);
  auto letter = [](char32_t base, char32_t v) { return unit(static_cast<char>('a' + (v - base)), kStyled); };
  auto digit = [](char32_t v) { return unit(static_cast<char>('0' + v), kStyled); };
  if (in(cp, 0xFF10, 0xFF19)) return digit(cp - 0xFF10);
  if (in(cp, 0xFF21, 0xFF3A)) return letter(0xFF21, cp);
  if (in(cp, 0xFF41, 0xFF5A)) return letter(0xFF41, cp);
  if (in(cp, 0x1D400, 0x1D6A3)) {
    char32_t k = (cp - 0x1D400) % 52;
    return unit(static_cast<char>('a' + (k < 26 ? k : k - 26)), kStyled);
  }
  if (in(cp, 0x1D7CE, 0x1D7FF)) return digit((cp - 0x1D7CE) % 10);
  if (in(cp, 0x249C, 0x24B5)) return letter(0x249C, cp);
  if (in(cp, 0x24B6, 0x24CF)) return letter(0x24B6, cp);
  if (in(cp, 0x24D0, 0x24E9)) return letter(0x24D0, cp);
  if (in(cp, 0x2460, 0x2468)) return digit(cp - 0x2460 + 1);
  if (cp == 0x24EA) return digit(0);
  if (in(cp, 0x2776, 0x277E)) return digit(cp - 0x2776 + 1);
  if (in(cp, 0x2780, 0x2788)) return digit(cp - 0x2780 + 1);
  if (in(cp, 0x278A, 0x2792)) return digit(cp - 0x278A + 1);
  if (in(cp, 0x1F130, 0x1F149)) return letter(0x1F130, cp);
  if (in(cp, 0x1F150, 0x1F169)) return letter(0x1F150, cp);
  if (in(cp, 0x1F170, 0x1F189)) return letter(0x1F170, cp);
  if (in(cp, 0x1F1E6, 0x1F1FF)) return letter(0x1F1E6, cp);
  return {};
}

// ------------------------------------------------------------------ normalised units

// A text as a string of units: 'a'-'z', '0'-'9', or kSep between words (never
// two in a row, none at either end), with each unit's byte range in the source.
struct Units {
  std::string s;
  std::vector<std::uint32_t> b, e;
  int invisible = 0;    // invisible characters touching a letter or digit
  int mixed_words = 0;  // words mixing Latin letters with Cyrillic/Greek look-alikes
  // Where a match may start (word starts and letter/digit changes), by unit.
  std::array<std::vector<std::uint32_t>, 36> starts;
};

int unit_index(char c) { return is_digit(c) ? 26 + (c - '0') : c - 'a'; }

void index_starts(Units& u) {
  for (std::size_t i = 0; i < u.s.size(); ++i) {
    char c = u.s[i];
    if (c == kSep) continue;
    if (i == 0 || u.s[i - 1] == kSep || is_digit(u.s[i - 1]) != is_digit(c))
      u.starts[unit_index(c)].push_back(static_cast<std::uint32_t>(i));
  }
}

// The units a pattern starting with `t` may start at: itself and its leetspeak digits.
std::string first_units(char t, bool fuzzy) {
  std::string out(1, t);
  if (!fuzzy) return out;
  for (char d : std::string_view("013457"))
    if (d != t && [&] {
          switch (d) {
            case '0': return t == 'o';
            case '1': return t == 'i' || t == 'l';
            case '3': return t == 'e';
            case '4': return t == 'a';
            case '5': return t == 's';
            default: return t == 't';
          }
        }())
      out += d;
  return out;
}

// Words for splitting glued runs; `gambling` marks words that make a split worth it.
struct Dict {
  std::vector<std::string> words;
  std::unordered_set<std::string> gambling;
  std::array<std::vector<std::size_t>, 36> by_first;  // indices into words, by possible first unit
};

// Leetspeak: a digit in a word may stand for a letter.
bool same(char t, char u, bool fuzzy) {
  if (t == u) return true;
  if (!fuzzy || !is_alpha(t)) return false;
  switch (u) {
    case '0': return t == 'o';
    case '1': return t == 'i' || t == 'l';
    case '3': return t == 'e';
    case '4': return t == 'a';
    case '5': return t == 's';
    case '7': return t == 't';
    default: return false;
  }
}

// Splits `w` entirely into dictionary words and digit runs, with as few pieces
// as possible and at least one gambling word. Returns the cut points or {}.
std::vector<std::size_t> segment_exact(std::string_view w, const Dict& dict) {
  const std::size_t n = w.size();
  constexpr int kInf = std::numeric_limits<int>::max() / 2;
  // State: position and whether a gambling word was used.
  std::vector<std::array<int, 2>> best(n + 1, {kInf, kInf});
  std::vector<std::array<std::pair<std::size_t, int>, 2>> from(n + 1);
  best[0][0] = 0;
  for (std::size_t i = 0; i < n; ++i)
    for (int g = 0; g < 2; ++g) {
      if (best[i][g] >= kInf) continue;
      auto relax = [&](std::size_t j, int g2) {
        if (best[i][g] + 1 < best[j][g2]) best[j][g2] = best[i][g] + 1, from[j][g2] = {i, g};
      };
      if (is_digit(w[i])) {
        std::size_t j = i;
        while (j < n && is_digit(w[j])) ++j;
        relax(j, g);
      }
      for (std::size_t wi : dict.by_first[unit_index(w[i])]) {
        const std::string& word = dict.words[wi];
        if (word.size() > n - i) continue;
        bool ok = true;
        for (std::size_t k = 0; ok && k < word.size(); ++k) ok = same(word[k], w[i + k], true);
        if (ok) relax(i + word.size(), g || dict.gambling.count(word) ? 1 : 0);
      }
    }
  if (best[n][1] >= kInf || best[n][1] < 2) return {};
  std::vector<std::size_t> cuts;
  std::size_t pos = n;
  int g = 1;
  while (pos > 0) {
    auto [p, pg] = from[pos][g];
    if (p > 0) cuts.push_back(p);
    pos = p, g = pg;
  }
  std::reverse(cuts.begin(), cuts.end());
  return cuts;
}

// As segment_exact; in link paths (`junk`) up to three other characters may
// lead or trail ("3xGacorMaxwin").
std::vector<std::size_t> segment(std::string_view w, const Dict& dict, bool junk) {
  const std::size_t max = junk ? 3 : 0;
  for (std::size_t total = 0; total <= 2 * max; ++total)
    for (std::size_t a = 0; a <= std::min(total, max); ++a) {
      std::size_t z = total - a;
      if (z > max || a + z + 3 > w.size()) continue;
      auto cuts = segment_exact(w.substr(a, w.size() - a - z), dict);
      if (cuts.empty()) continue;
      for (auto& c : cuts) c += a;
      if (a) cuts.insert(cuts.begin(), a);
      if (z) cuts.push_back(w.size() - z);
      return cuts;
    }
  return {};
}

Units normalise(std::string_view src, const Dict* dict, bool link = false) {
  struct Raw {
    char c;
    std::uint32_t b, e;
    std::uint8_t script;
  };
  std::vector<Raw> raw;
  raw.reserve(src.size());
  int invisible = 0;
  bool pending = false;
  for (std::size_t i = 0; i < src.size();) {
    auto start = static_cast<std::uint32_t>(i);
    Fold f = fold(decode(src, i));
    auto end = static_cast<std::uint32_t>(i);
    if (f.kind == Kind::Drop) continue;
    if (f.kind == Kind::Invisible) {
      // Next to a letter or digit on either side (emoji sequences use them legitimately).
      if (!raw.empty() && is_unit(raw.back().c)) ++invisible;
      else pending = true;
      continue;
    }
    if (f.kind == Kind::Unit && pending && is_unit(f.c)) ++invisible;
    pending = false;
    raw.push_back({f.c, start, end, f.script});
  }
  // '@', '$' and '|' stand for letters inside words ("g@cor", "$lot", "s|ot"); a
  // capital I after a lowercase letter may be an 'l' ("sIot").
  for (std::size_t k = 0; k < raw.size(); ++k) {
    char c = raw[k].c;
    if (c == 'I') {
      bool after_lower = k > 0 && is_alpha(raw[k - 1].c) && raw[k - 1].b < src.size() && src[raw[k - 1].b] >= 'a' &&
                         src[raw[k - 1].b] <= 'z';
      raw[k].c = after_lower ? '1' : 'i';
      continue;
    }
    if (c != '@' && c != '$' && c != '|') continue;
    char prev = k ? raw[k - 1].c : kSep, next = k + 1 < raw.size() ? raw[k + 1].c : kSep;
    if (c == '@') raw[k].c = is_alpha(prev) && is_alpha(next) ? '4' : kSep;
    else if (c == '$') raw[k].c = is_alpha(next) && !is_digit(prev) ? '5' : kSep;
    else raw[k].c = is_alpha(prev) && is_alpha(next) ? '1' : kSep;
  }
  // Words: runs of units.
  struct Tok {
    std::size_t from, to;
  };
  std::vector<Tok> toks;
  Units out;
  out.invisible = invisible;
  for (std::size_t k = 0; k < raw.size();) {
    if (!is_unit(raw[k].c)) {
      ++k;
      continue;
    }
    std::size_t j = k;
    bool latin = false, look = false;
    for (; j < raw.size() && is_unit(raw[j].c); ++j) {
      if (!is_alpha(raw[j].c)) continue;
      if (raw[j].script == kLookalike) look = true;
      else if (raw[j].script == kLatin) latin = true;
    }
    if (latin && look) ++out.mixed_words;
    toks.push_back({k, j});
    k = j;
  }
  // Three or more one-letter words in a row are one spaced-out word ("s l o t", "S.L.O.T").
  std::vector<bool> glued(toks.size(), false);
  for (std::size_t k = 0; k < toks.size();) {
    std::size_t j = k;
    while (j < toks.size() && toks[j].to - toks[j].from == 1) ++j;
    if (j - k >= 3)
      for (std::size_t m = k + 1; m < j; ++m) glued[m] = true;
    k = j > k ? j : k + 1;
  }
  std::vector<std::size_t> word;  // raw indices of the current word
  auto flush = [&]() {
    if (word.empty()) return;
    if (!out.s.empty()) {
      std::uint32_t at = raw[word.front()].b;
      out.s += kSep, out.b.push_back(at), out.e.push_back(at);
    }
    std::vector<std::size_t> cuts;
    if (dict && word.size() >= 6 && word.size() <= 64) {
      std::string w;
      for (auto idx : word) w += raw[idx].c;
      cuts = segment(w, *dict, link);
    }
    std::size_t next_cut = 0;
    for (std::size_t k = 0; k < word.size(); ++k) {
      if (next_cut < cuts.size() && cuts[next_cut] == k) {
        std::uint32_t at = raw[word[k]].b;
        out.s += kSep, out.b.push_back(at), out.e.push_back(at);
        ++next_cut;
      }
      out.s += raw[word[k]].c, out.b.push_back(raw[word[k]].b), out.e.push_back(raw[word[k]].e);
    }
    word.clear();
  };
  for (std::size_t k = 0; k < toks.size(); ++k) {
    if (!glued[k]) flush();
    for (std::size_t r = toks[k].from; r < toks[k].to; ++r) word.push_back(r);
  }
  flush();
  index_starts(out);
  return out;
}

// ASCII letters and digits only, as written: what a naive filter would see.
std::string plain_units(std::string_view src) {
  std::string out;
  for (char c : src) {
    char x = kSep;
    if (c >= 'A' && c <= 'Z') x = static_cast<char>(c - 'A' + 'a');
    else if (is_unit(c)) x = c;
    if (x == kSep) {
      if (!out.empty() && out.back() != kSep) out += kSep;
    } else {
      out += x;
    }
  }
  if (!out.empty() && out.back() == kSep) out.pop_back();
  return out;
}

// A pattern (term, cue) in normalised form: words separated by single spaces.
std::string pattern_of(std::string_view text) { return normalise(text, nullptr).s; }

// ------------------------------------------------------------------ matching

struct Span {
  std::size_t b, e;
};

bool left_ok(std::string_view s, std::size_t i, char first) {
  if (i == 0 || s[i - 1] == kSep) return true;
  char p = s[i - 1], c = s[i];
  if (is_digit(p) && is_alpha(c)) return true;              // "88slot"
  if (is_alpha(p) && is_digit(c) && is_digit(first)) return true;  // "togel4d" for "4d"
  return false;
}

bool right_ok(std::string_view s, std::size_t e) {
  if (e >= s.size() || s[e] == kSep) return true;
  char p = s[e - 1], c = s[e];
  if (is_alpha(p) && is_digit(c)) return true;  // "slot88"
  if (is_digit(p) && is_alpha(c)) return true;
  // Indonesian clitics: "slotnya", "gacorlah".
  for (std::string_view suffix : {"nya", "lah", "kah", "ku", "mu"}) {
    if (s.substr(e, suffix.size()) != suffix) continue;
    std::size_t after = e + suffix.size();
    if (after == s.size() || !is_alpha(s[after])) return true;
  }
  return false;
}

// Where pattern `t` matches at `i`, or npos. A space in the pattern matches any
// number of separators, including none ("slotgacor"), and so does a change
// between letters and digits ("slot 88" for "slot88"). With `fuzzy`, digits
// stand for letters and a letter may be repeated ("gacooor").
std::size_t match_at(std::string_view s, std::size_t i, std::string_view t, bool fuzzy) {
  std::size_t k = i;
  // Per pattern word: letters written as letters, and where the last one was.
  int real = 0, units = 0;
  bool real_at_edge = false;
  auto word_ok = [&]() {
    // A number is not a disguised word: "5107" is not "slot", nor is the code "S107".
    if (units == 0) return true;
    if (real == 0 && units > 1) return false;
    if (real == 1 && units >= 3 && real_at_edge && units - real >= 2) return false;
    return true;
  };
  for (std::size_t ti = 0; ti < t.size(); ++ti) {
    char tc = t[ti];
    if (tc == kSep) {
      if (!word_ok()) return std::string_view::npos;
      real = units = 0, real_at_edge = false;
      while (k < s.size() && s[k] == kSep) ++k;
      continue;
    }
    if (ti > 0 && t[ti - 1] != kSep && is_digit(t[ti - 1]) != is_digit(tc))
      while (k < s.size() && s[k] == kSep) ++k;
    if (k >= s.size() || !same(tc, s[k], fuzzy)) return std::string_view::npos;
    if (is_alpha(tc)) {
      bool last_of_word = ti + 1 == t.size() || t[ti + 1] == kSep;
      if (is_alpha(s[k])) {
        ++real;
        if (units == 0 || last_of_word) real_at_edge = true;
      }
      ++units;
    }
    char uc = s[k++];
    if (!fuzzy || !is_alpha(tc)) continue;
    std::size_t next = ti + 1;
    while (next < t.size() && t[next] == kSep) ++next;
    if (next < t.size() && t[next] == tc) continue;
    while (k < s.size() && s[k] == uc) ++k;
  }
  return word_ok() ? k : std::string_view::npos;
}

std::optional<std::size_t> match_here(std::string_view s, std::size_t i, std::string_view t, bool fuzzy) {
  if (!left_ok(s, i, t[0])) return std::nullopt;
  std::size_t e = match_at(s, i, t, fuzzy);
  if (e == std::string_view::npos || !right_ok(s, e)) return std::nullopt;
  return e;
}

// Every match of pattern `t` in `u`, in text order.
std::vector<Span> find_all(const Units& u, std::string_view t, bool fuzzy = true) {
  std::vector<Span> out;
  if (t.empty()) return out;
  std::vector<std::uint32_t> candidates;
  for (char c : first_units(t[0], fuzzy)) {
    const auto& list = u.starts[unit_index(c)];
    candidates.insert(candidates.end(), list.begin(), list.end());
  }
  std::sort(candidates.begin(), candidates.end());
  for (auto i : candidates)
    if (auto e = match_here(u.s, i, t, fuzzy)) out.push_back({i, *e});
  return out;
}

// Does pattern `t` occur in the plain string `s` (exactly as written)?
bool contains_plain(std::string_view s, std::string_view t) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != t[0] || (i > 0 && s[i - 1] != kSep && is_digit(s[i - 1]) == is_digit(s[i]))) continue;
    if (match_here(s, i, t, false)) return true;
  }
  return false;
}

// ------------------------------------------------------------------ links

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string_view trim_view(std::string_view s) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= ' ') s.remove_prefix(1);
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= ' ') s.remove_suffix(1);
  return s;
}

std::string bare_host(std::string_view host) {
  std::string h = lower(trim_view(host));
  if (auto at = h.rfind('@'); at != std::string::npos) h.erase(0, at + 1);
  if (h.starts_with("[")) return h;
  if (auto colon = h.find(':'); colon != std::string::npos) h.erase(colon);
  while (!h.empty() && h.back() == '.') h.pop_back();
  if (h.starts_with("www.")) h.erase(0, 4);
  return h;
}

bool host_under(std::string_view host, std::string_view domain) {
  if (domain.empty()) return false;
  return host == domain || (host.size() > domain.size() && host.ends_with(domain) && host[host.size() - domain.size() - 1] == '.');
}

struct Link {
  std::string host;  // lowercase, without "www." and port
  std::string rest;  // path, query and fragment as written
};

// An external http(s) link, or nothing for relative, own-host and non-web links.
std::optional<Link> external_link(std::string_view raw, std::string_view own) {
  std::string_view url = trim_view(raw);
  std::string low = lower(url.substr(0, std::min<std::size_t>(url.size(), 12)));
  std::size_t skip;
  if (low.starts_with("http://")) skip = 7;
  else if (low.starts_with("https://")) skip = 8;
  else if (low.starts_with("//")) skip = 2;
  else if (low.starts_with("www.")) skip = 0;
  else return std::nullopt;
  url.remove_prefix(skip);
  std::size_t stop = url.find_first_of("/?#\\");
  Link link{bare_host(url.substr(0, stop)), stop == std::string_view::npos ? "" : std::string(url.substr(stop))};
  if (link.host.empty() || link.host.find('.') == std::string::npos) return std::nullopt;
  std::string own_host = bare_host(own);
  if (!own_host.empty() && link.host == own_host) return std::nullopt;
  return link;
}

bool trusted_host(std::string_view host) {
  for (const char* suffix : kTrustedSuffixes)
    if (host_under(host, suffix)) return true;
  return false;
}

// Web addresses written in plain text: "https://…", "www.…" and bare domains
// with a known top-level domain ("bit.ly/abc", "gacor88.com").
std::vector<std::string> text_links(std::string_view text, const std::vector<std::string>& domain_terms) {
  static const std::unordered_set<std::string> tlds(std::begin(kTextTlds), std::end(kTextTlds));
  std::vector<std::string> out;
  auto breaker = [](char c) {
    return static_cast<unsigned char>(c) <= ' ' || c == '<' || c == '>' || c == '"' || c == '\'' || c == '`' ||
           c == '(' || c == ')' || c == '[' || c == ']' || c == '{' || c == '}';
  };
  for (std::size_t i = 0; i < text.size();) {
    while (i < text.size() && breaker(text[i])) ++i;
    std::size_t j = i;
    while (j < text.size() && !breaker(text[j])) ++j;
    std::string_view tok = text.substr(i, j - i);
    i = j;
    while (!tok.empty() && std::string_view(".,;:!?*|").find(tok.back()) != std::string_view::npos) tok.remove_suffix(1);
    if (tok.size() < 4) continue;
    std::string low = lower(tok);
    if (low.starts_with("http://") || low.starts_with("https://") || low.starts_with("www.")) {
      out.emplace_back(tok);
      continue;
    }
    if (low.find('@') != std::string::npos || low.find("://") != std::string::npos) continue;
    std::string host = low.substr(0, low.find_first_of("/?#"));
    auto dot = host.rfind('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 >= host.size()) continue;
    bool shape = true;
    for (char c : host) shape = shape && (is_unit(c) || c == '-' || c == '.');
    if (!shape || host.find("..") != std::string::npos || host.front() == '.' || host.front() == '-') continue;
    std::string tld = host.substr(dot + 1);
    bool known = tlds.count(tld) > 0;
    for (const auto& d : domain_terms) known = known || host_under(host, d);
    bool alpha_tld = std::all_of(tld.begin(), tld.end(), [](char c) { return is_alpha(c); });
    if (known && alpha_tld) out.push_back("http://" + std::string(tok));
  }
  return out;
}

std::string percent_decode(std::string_view s) {
  std::string out;
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
      i += 2;
    } else {
      out += s[i] == '+' ? ' ' : s[i];
    }
  }
  return out;
}

// ------------------------------------------------------------------ the scanner

struct Pattern {
  std::string norm;   // normalised form
  std::string shown;  // as listed
  Cat cat = Cat::Strong;
  int weight = kStrongWeight;
};

struct Segment {
  std::string source;  // text, or "host path" of a link
  Units full;
  std::string plain;
  bool link = false;
  std::string shown;         // how to name the link in a reason
  std::size_t host_len = 0;  // bytes of `source` that are the host
};

struct Hit {
  std::size_t pattern;
  std::size_t segment;
  Span span;
};

struct Context {
  std::vector<Pattern> phrases;
  std::vector<std::string> domains;  // without a leading dot
  std::vector<bool> suffix;          // listed as a suffix (".xyz") rather than a host
  Dict dict;

  explicit Context(const std::vector<ScanTerm>& terms) {
    std::map<std::string, std::pair<Cat, int>> known;
    for (const auto& k : kKnown) known[pattern_of(k.term)] = {k.cat, k.weight};
    std::set<std::string> seen;
    for (const auto& t : terms) {
      if (t.jenis == "domain") {
        std::string d = bare_host(t.term);
        while (!d.empty() && (d.front() == '.' || d.front() == '*')) d.erase(0, 1);
        if (d.size() >= 2 && std::find(domains.begin(), domains.end(), d) == domains.end()) {
          domains.push_back(d);
          suffix.push_back(trim_view(t.term).starts_with("."));
        }
        continue;
      }
      if (t.jenis != "frasa") continue;
      Pattern p;
      p.norm = pattern_of(t.term);
      p.shown = std::string(trim_view(t.term));
      if (p.norm.size() < 2 || !seen.insert(p.norm).second) continue;
      if (auto it = known.find(p.norm); it != known.end()) p.cat = it->second.first, p.weight = it->second.second;
      phrases.push_back(std::move(p));
    }
    // Dictionary for splitting glued words: listed words, cues and glue words
    // (two-letter words only from the glue list).
    std::set<std::string> generic, words;
    auto add_words = [&](std::string_view text, std::set<std::string>& into) {
      std::string norm = pattern_of(text);
      std::size_t start = 0;
      while (start < norm.size()) {
        std::size_t end = norm.find(kSep, start);
        if (end == std::string::npos) end = norm.size();
        std::string w = norm.substr(start, end - start);
        if (w.size() >= 2 && std::all_of(w.begin(), w.end(), [](char c) { return is_alpha(c); })) into.insert(w);
        start = end + 1;
      }
    };
    for (const auto& c : kCues) add_words(c.text, generic);
    for (const char* g : kGlue) add_words(g, generic);
    for (const auto& p : phrases) {
      std::set<std::string> ws;
      add_words(p.norm, ws);
      for (const auto& w : ws) {
        words.insert(w);
        if (p.norm.find(kSep) == std::string::npos || !generic.count(w)) dict.gambling.insert(w);
      }
    }
    words.insert(generic.begin(), generic.end());
    std::set<std::string> glue;
    for (const char* g : kGlue) glue.insert(g);
    for (auto it = words.begin(); it != words.end();) it = it->size() < 3 && !glue.count(*it) ? words.erase(it) : std::next(it);
    dict.gambling.erase("di");
    dict.words.assign(words.begin(), words.end());
    // Longer words first: fewer pieces are found sooner.
    std::stable_sort(dict.words.begin(), dict.words.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
    for (std::size_t wi = 0; wi < dict.words.size(); ++wi)
      for (char c : first_units(dict.words[wi][0], true)) dict.by_first[unit_index(c)].push_back(wi);
  }
};

bool same_terms(const std::vector<ScanTerm>& a, const std::vector<ScanTerm>& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](const ScanTerm& x, const ScanTerm& y) {
           return x.term == y.term && x.jenis == y.jenis;
         });
}

// The compiled list, rebuilt only when the list changes (per thread).
std::shared_ptr<const Context> context_for(const std::vector<ScanTerm>& terms) {
  thread_local std::vector<ScanTerm> last;
  thread_local std::shared_ptr<const Context> ctx;
  if (!ctx || !same_terms(last, terms)) {
    ctx = std::make_shared<const Context>(terms);
    last = terms;
  }
  return ctx;
}

// Built-in word lists in normalised form.
struct Lists {
  std::vector<std::pair<std::string, int>> cues;
  std::vector<std::string> calls, awareness;
  Lists() {
    for (const auto& c : kCues) cues.emplace_back(pattern_of(c.text), c.weight);
    for (const char* c : kCallToAction) calls.push_back(pattern_of(c));
    for (const char* a : kAwareness) awareness.push_back(pattern_of(a));
  }
};
const Lists& lists() {
  static const Lists l;
  return l;
}

// A short, readable quote of source bytes [b, e): invisible characters removed,
// whitespace collapsed, at most ~60 characters.
std::string quote(std::string_view src, std::size_t b, std::size_t e) {
  std::string out;
  std::size_t chars = 0;
  for (std::size_t i = b; i < e && i < src.size();) {
    std::size_t start = i;
    char32_t cp = decode(src, i);
    if (invisible(cp)) continue;
    if (cp < 0x80 && static_cast<unsigned char>(cp) <= ' ') {
      if (!out.empty() && out.back() != ' ') out += ' ';
      continue;
    }
    if (++chars > 60) {
      out += "…";
      break;
    }
    out.append(src.substr(start, i - start));
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string in_quotes(std::string_view s) { return "\"" + std::string(s) + "\""; }

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string quoted_list(const std::vector<std::string>& items) {
  std::vector<std::string> q;
  for (const auto& s : items) q.push_back(in_quotes(s));
  return joined(q);
}

int count_words(std::string_view units) {
  int words = 0;
  for (std::size_t i = 0; i < units.size(); ++i)
    if (units[i] != kSep && (i == 0 || units[i - 1] == kSep)) ++words;
  return words;
}

struct Links {
  std::vector<Link> external;  // distinct, in order of appearance
  std::size_t counted = 0;     // external minus government and school hosts
};

Links gather_links(const ScanInput& in, const std::vector<std::string>& domains) {
  Links out;
  std::set<std::string> seen;
  auto add = [&](std::string_view raw) {
    auto link = external_link(raw, in.own_host);
    if (!link) return;
    std::string rest = link->rest;
    while (!rest.empty() && rest.back() == '/') rest.pop_back();
    if (!seen.insert(link->host + lower(rest)).second) return;
    if (!trusted_host(link->host)) ++out.counted;
    out.external.push_back(std::move(*link));
  };
  for (const auto& l : in.links) add(l);
  for (const auto& l : text_links(in.text, domains)) add(l);
  return out;
}

std::vector<ScanTerm> seed_terms() {
  std::vector<ScanTerm> out;
  for (const auto& s : kSeed) out.push_back({s.term, s.jenis});
  return out;
}

}  // namespace

std::vector<ScanTerm> default_terms() { return seed_terms(); }

std::size_t external_links(const ScanInput& in, const std::vector<ScanTerm>& terms) {
  return gather_links(in, context_for(terms)->domains).counted;
}

std::vector<std::string> matched_terms(const std::vector<ScanTerm>& terms, std::string_view text) {
  auto ctx = context_for(terms);
  Units u = normalise(text, &ctx->dict);
  std::vector<std::string> out;
  for (const auto& p : ctx->phrases)
    if (!find_all(u, p.norm).empty()) out.push_back(p.shown);
  return out;
}

ScanResult scan(const std::vector<ScanTerm>& terms, const ScanInput& in) {
  auto compiled = context_for(terms);
  const Context& ctx = *compiled;
  const Lists& L = lists();
  ScanResult r;

  // Segments: the text, then external links as "host path" (the first
  // kMaxLinkSegments of them; all are counted).
  constexpr std::size_t kMaxLinkSegments = 200;
  std::vector<Segment> segs;
  segs.push_back({in.text, normalise(in.text, &ctx.dict), plain_units(in.text), false, ""});
  Links links = gather_links(in, ctx.domains);
  for (const auto& l : links.external) {
    if (segs.size() > kMaxLinkSegments) break;
    std::string src = l.host + " " + percent_decode(l.rest);
    std::string shown = l.host + l.rest;
    if (shown.size() > 80) shown = shown.substr(0, 77) + "...";
    segs.push_back({src, normalise(src, &ctx.dict, true), plain_units(src), true, shown, l.host.size()});
  }

  // Phrase hits per segment; a hit inside a longer one (e.g. "slot" in "slot
  // gacor") does not count. Kept hits are ordered by start, with the running
  // maximum of their ends for containment tests.
  std::vector<std::vector<Hit>> seg_hits(segs.size());
  std::vector<std::vector<std::size_t>> max_end(segs.size());
  for (std::size_t si = 0; si < segs.size(); ++si) {
    std::vector<Hit> all;
    for (std::size_t pi = 0; pi < ctx.phrases.size(); ++pi)
      for (auto sp : find_all(segs[si].full, ctx.phrases[pi].norm)) all.push_back({pi, si, sp});
    std::sort(all.begin(), all.end(), [](const Hit& a, const Hit& b) {
      return a.span.b != b.span.b ? a.span.b < b.span.b : a.span.e > b.span.e;
    });
    std::size_t reach = 0;
    for (const auto& h : all) {
      if (!seg_hits[si].empty() && reach >= h.span.e) continue;  // inside an earlier, longer hit
      reach = std::max(reach, h.span.e);
      seg_hits[si].push_back(h);
      max_end[si].push_back(reach);
    }
  }
  auto covered = [&](std::size_t si, Span sp) {
    const auto& hs = seg_hits[si];
    auto it = std::upper_bound(hs.begin(), hs.end(), sp.b, [](std::size_t b, const Hit& h) { return b < h.span.b; });
    return it != hs.begin() && max_end[si][static_cast<std::size_t>(it - hs.begin()) - 1] >= sp.e;
  };

  // Per listed phrase: where it was found and whether it was written plainly.
  struct Found {
    bool in_text = false, in_link = false, in_host = false, plain = false, brand = false;
    std::string written;  // how a disguised occurrence was written
    std::string link;
  };
  std::map<std::size_t, Found> found;
  std::map<std::pair<std::size_t, std::size_t>, bool> plain_cache;
  for (const auto& hs : seg_hits)
    for (const auto& h : hs) {
      Found& f = found[h.pattern];
      const Segment& seg = segs[h.segment];
      (seg.link ? f.in_link : f.in_text) = true;
      if (seg.link && f.link.empty()) f.link = seg.shown;
      if (seg.link && seg.full.b[h.span.b] < seg.host_len) f.in_host = true;
      // Written with a number glued on, like a site name ("zeus138", "gacor77").
      std::size_t after = seg.full.e[h.span.e - 1];
      if (after < seg.source.size() && is_digit(seg.source[after])) f.brand = true;
      auto key = std::make_pair(h.segment, h.pattern);
      auto cached = plain_cache.find(key);
      if (cached == plain_cache.end())
        cached = plain_cache.emplace(key, contains_plain(seg.plain, ctx.phrases[h.pattern].norm)).first;
      if (cached->second) f.plain = true;
      else if (f.written.empty() && !seg.link)
        f.written = quote(seg.source, seg.full.b[h.span.b], seg.full.e[h.span.e - 1]);
    }

  int strong = 0, promo = 0, topic_sum = 0, topics = 0, promos = 0, ambiguous = 0;
  bool disguised = false, link_gambling = false;
  std::vector<std::string> strong_lines, promo_words, topic_words, ambiguous_words, link_lines, brands;
  for (const auto& [pi, f] : found) {
    const Pattern& p = ctx.phrases[pi];
    if (!f.plain) disguised = true;
    // A gambling word in a link's host name, or a strong one anywhere in its address.
    bool telling = p.cat == Cat::Strong || p.cat == Cat::Promo || f.in_host;
    if (f.in_link && telling && link_lines.size() < 3) {
      link_gambling = true;
      link_lines.push_back(f.link);
    }
    // How the word is named in a reason: as listed, and as written when disguised.
    if (f.brand && p.cat != Cat::Strong) brands.push_back(in_quotes(p.shown));
    std::string item = in_quotes(p.shown);
    if (!f.in_text) item += " (di alamat tautan " + f.link + ")";
    else if (!f.plain && !f.written.empty()) item += " (tertulis " + in_quotes(f.written) + ")";
    switch (p.cat) {
      case Cat::Strong:
        ++strong;
        strong_lines.push_back(std::string(f.in_text ? "Mengandung istilah judi online" : "Alamat tautan mengandung istilah judi online") +
                               (f.in_text && !f.plain ? " yang disamarkan" : "") + ": " + item);
        break;
      case Cat::Promo:
        promo += p.weight, ++promos;
        promo_words.push_back(item);
        break;
      case Cat::Topic:
        topic_sum += p.weight, ++topics;
        topic_words.push_back(item);
        break;
      case Cat::Ambiguous:
        topic_sum += p.weight, ++ambiguous;
        ambiguous_words.push_back(item);
        break;
    }
  }
  const int gambling_words = promos + topics + ambiguous;

  // Cues, calls to action and awareness words outside the phrase hits.
  auto cue_found = [&](const std::string& norm, bool links_too) {
    for (std::size_t si = 0; si < segs.size(); ++si) {
      if (segs[si].link && !links_too) continue;
      for (auto sp : find_all(segs[si].full, norm))
        if (!covered(si, sp)) return true;
    }
    return false;
  };
  int cue_points = 0;
  bool specific_cue = false;
  std::vector<std::string> cue_words;
  for (std::size_t ci = 0; ci < L.cues.size(); ++ci) {
    const std::string& norm = L.cues[ci].first;
    const int weight = L.cues[ci].second;
    bool listed = std::any_of(found.begin(), found.end(), [&](const auto& kv) { return ctx.phrases[kv.first].norm == norm; });
    if (listed || !cue_found(norm, true)) continue;
    cue_points += weight, cue_words.push_back(kCues[ci].text);
    if (weight == kSpecificCue) specific_cue = true;
  }
  bool call_to_action = false;
  for (const auto& c : L.calls) call_to_action = call_to_action || cue_found(c, true);
  std::vector<std::string> awareness;
  for (std::size_t ai = 0; ai < L.awareness.size(); ++ai)
    if (cue_found(L.awareness[ai], false)) awareness.push_back(kAwareness[ai]);

  const Units& body = segs[0].full;
  int words = count_words(body.s);

  // Word score.
  int word_score = strong * kStrongWeight + promo + std::min(topic_sum, kTopicCap);
  // Two different gambling words, not only topic words ("slot" with "gacor", not
  // "judi" with "togel"), or an ambiguous word next to gambling-only vocabulary ("gacor", "depo", "WD").
  bool combo = (gambling_words >= 2 && promos + ambiguous >= 1) || (ambiguous >= 1 && specific_cue);
  if (combo) word_score += 2;
  // Promotional cues count next to unambiguous gambling words only.
  bool eligible = strong > 0 || promos > 0 || topics > 0 || ambiguous >= 2 || disguised || !brands.empty() ||
                  (ambiguous >= 1 && specific_cue);
  int cue_score = 0;
  const bool outward = !links.external.empty();
  if (eligible && !found.empty()) cue_score = std::min(cue_points + (outward ? 1 : 0), kCueCap);

  // Structural signals.
  int signal_score = 0;
  std::vector<std::string> signal_lines;
  if (disguised) {
    signal_score += 6;
    signal_lines.push_back(
        "Kata judi sengaja disamarkan (angka pengganti huruf, huruf dipisah atau dipanjangkan, kata disambung, huruf "
        "hias atau asing) — ciri khas spam judi online");
  }
  // Distrusted hosts: shorteners and link pages hide where a link goes; cheap
  // top-level domains are favoured by gambling sites.
  std::vector<std::string> shortened, cheap;
  for (const auto& l : links.external)
    for (std::size_t di = 0; di < ctx.domains.size(); ++di) {
      if (!host_under(l.host, ctx.domains[di])) continue;
      std::string shown = l.host + l.rest;
      if (shown.size() > 60) shown = shown.substr(0, 57) + "...";
      (ctx.suffix[di] ? cheap : shortened).push_back(shown);
      break;
    }
  const std::size_t distrusted = shortened.size() + cheap.size();
  if (distrusted > 0) signal_score += std::min(6 + static_cast<int>(distrusted) - 1, 9);
  auto first_five = [](const std::vector<std::string>& v) {
    return quoted_list(std::vector<std::string>(v.begin(), v.begin() + std::min<std::size_t>(v.size(), 5)));
  };
  if (!shortened.empty())
    signal_lines.push_back(
        "Tautan memakai pemendek tautan atau halaman kumpulan tautan yang menyembunyikan alamat tujuan: " +
        first_five(shortened));
  if (!cheap.empty())
    signal_lines.push_back("Tautan ke domain murah yang sering dipakai situs judi: " + first_five(cheap));
  if (!brands.empty()) {
    signal_score += 3;
    signal_lines.push_back("Kata judi ditulis menyatu dengan angka seperti nama situs judi: " + joined(brands));
  }
  if (link_gambling) {
    signal_score += 5;
    signal_lines.push_back("Tautan mengarah ke alamat bertema judi: " + quoted_list(link_lines));
  }
  std::size_t fresh = links.counted > in.previous_links ? links.counted - in.previous_links : 0;
  bool bulk = fresh >= 8;
  if (bulk) {
    signal_score += 10;
    signal_lines.push_back("Tautan keluar bertambah mendadak: " + std::to_string(fresh) + " tautan baru (sebelumnya " +
                           std::to_string(in.previous_links) + ", sekarang " + std::to_string(links.counted) +
                           "), ciri penyisipan tautan massal");
  } else if (links.counted >= 3 && words < 20 * static_cast<int>(links.counted)) {
    signal_score += 4;
    signal_lines.push_back("Banyak tautan keluar (" + std::to_string(links.counted) + ") untuk teks sependek ini");
  }
  bool hidden_holds = false;
  for (const auto& h : in.hidden) {
    Units hu = normalise(h.text, &ctx.dict);
    int hw = count_words(hu.s);
    if (hw == 0 && h.links == 0) continue;
    bool gambling = std::any_of(ctx.phrases.begin(), ctx.phrases.end(), [&](const Pattern& p) { return !find_all(hu, p.norm).empty(); });
    std::string q = quote(h.text, 0, h.text.size());
    // Screen-reader text and empty widgets are hidden too: short hidden text
    // without outside links or gambling words is only reported.
    if (h.links > 0 || hw >= 8 || gambling) {
      if (!hidden_holds) signal_score += 10;
      hidden_holds = true;
      signal_lines.push_back("Ada teks tersembunyi (" + h.cara +
                             ") yang tidak terlihat pengunjung tetapi terbaca mesin pencari" +
                             (h.links ? ", berisi " + std::to_string(h.links) + " tautan" : std::string()) + ": \"" + q + "\"");
    } else {
      signal_score += 3;
      signal_lines.push_back("Ada teks pendek yang disembunyikan (" + h.cara + "): \"" + q + "\"");
    }
  }
  if (body.invisible >= 3) {
    signal_score += 4;
    signal_lines.push_back("Ada " + std::to_string(body.invisible) +
                           " karakter tak terlihat (zero-width) di tengah kata, cara umum menyamarkan tulisan");
  }
  if (body.mixed_words >= 1) {
    signal_score += 4;
    signal_lines.push_back(
        "Ada kata yang mencampur huruf latin dengan huruf asing yang mirip (mis. huruf Sirilik atau Yunani)");
  }

  // Awareness: news and warnings about gambling name it without promoting it.
  bool suspicious_structure = disguised || distrusted > 0 || link_gambling || bulk || hidden_holds ||
                              body.invisible >= 3 || body.mixed_words >= 1;
  int words_total = word_score + cue_score;
  bool aware = awareness.size() >= 2 && !suspicious_structure && !call_to_action && !found.empty();
  bool capped = aware && words_total > 6, softened = capped && words_total >= kHoldScore;
  if (capped) words_total = 6;
  r.score = words_total + signal_score;
  r.hold = r.score >= kHoldScore;

  // Reasons, strongest first.
  for (auto& l : strong_lines) r.alasan.push_back(std::move(l));
  if (!promo_words.empty())
    r.alasan.push_back("Mengandung kata yang lazim dipakai promosi judi: " + joined(promo_words));
  if (!topic_words.empty()) r.alasan.push_back("Menyebut judi: " + joined(topic_words));
  if (!ambiguous_words.empty())
    r.alasan.push_back("Mengandung kata yang bisa berkaitan dengan judi: " + joined(ambiguous_words));
  if (combo) r.alasan.push_back("Beberapa kata judi atau istilah khas judi muncul bersamaan");
  for (auto& l : signal_lines) r.alasan.push_back(std::move(l));
  if (cue_score > 0) {
    std::string line = cue_words.empty() ? "Disertai tautan keluar"
                                         : "Disertai kata ajakan atau promosi: " + quoted_list(cue_words);
    if (!cue_words.empty() && outward) line += ", dan tautan keluar";
    r.alasan.push_back(line);
  }
  if (capped) {
    std::vector<std::string> shown(awareness.begin(), awareness.begin() + std::min<std::size_t>(awareness.size(), 4));
    r.alasan.push_back("Teks tampak sebagai berita atau himbauan tentang bahaya judi (kata " + quoted_list(shown) +
                       "), tanpa tautan mencurigakan atau ajakan promosi, sehingga istilah judi di dalamnya tidak "
                       "cukup untuk menahannya");
  }
  if (!r.hold && softened) {
    r.ragu = true;
    r.alasan.push_back(
        "Belum pasti: teks himbauan ini mengutip istilah promosi judi; mohon diperiksa sekilas bahwa isinya memang "
        "himbauan");
  } else if (!r.hold && r.score >= 6) {
    r.ragu = true;
    r.alasan.push_back(
        "Belum pasti: ada tanda yang patut diperiksa, tetapi tidak cukup kuat untuk ditahan otomatis; mohon "
        "diperiksa sekilas bila ragu");
  }
  return r;
}

// ------------------------------------------------------------------ rich text

namespace {

void walk_richtext(const nlohmann::json& node, int depth, int& budget, ScanInput& into) {
  if (depth > 64 || --budget < 0 || !node.is_object()) return;
  std::string type;
  if (auto t = node.find("type"); t != node.end() && t->is_string()) type = t->get<std::string>();
  auto attr = [&](const nlohmann::json& n, const char* name) -> std::string {
    auto a = n.find("attrs");
    if (a == n.end() || !a->is_object()) return "";
    auto v = a->find(name);
    return v != a->end() && v->is_string() ? v->get<std::string>() : "";
  };
  if (type == "text") {
    if (auto t = node.find("text"); t != node.end() && t->is_string()) into.text += t->get<std::string>();
    if (auto marks = node.find("marks"); marks != node.end() && marks->is_array())
      for (const auto& m : *marks)
        if (m.is_object()) {
          std::string href = attr(m, "href");
          if (!href.empty()) into.links.push_back(href);
        }
    return;
  }
  if (type == "hardBreak" || type == "hard_break") {
    into.text += '\n';
    return;
  }
  if (type == "image") {
    for (const char* a : {"alt", "caption", "title"}) {
      std::string v = attr(node, a);
      if (!v.empty()) into.text += v + "\n";
    }
    return;
  }
  if (std::string href = attr(node, "href"); !href.empty()) into.links.push_back(href);
  if (auto c = node.find("content"); c != node.end() && c->is_array())
    for (const auto& child : *c) walk_richtext(child, depth + 1, budget, into);
  if (!into.text.empty() && into.text.back() != '\n') into.text += '\n';
}

}  // namespace

void collect_richtext(const std::string& doc_json, ScanInput& into) {
  auto doc = nlohmann::json::parse(doc_json, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    if (!into.text.empty()) into.text += '\n';
    into.text += doc_json;
    return;
  }
  int budget = 20000;
  walk_richtext(doc, 0, budget, into);
}

// ------------------------------------------------------------------ HTML

namespace {

bool ieq_prefix(std::string_view s, std::size_t at, std::string_view prefix) {
  if (s.size() - at < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = s[at + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string decode_entities(std::string_view s) {
  static const std::map<std::string, char32_t, std::less<>> named = {
      {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}, {"nbsp", 0xA0},
      {"shy", 0xAD}, {"zwj", 0x200D}, {"zwnj", 0x200C}, {"ndash", 0x2013}, {"mdash", 0x2014}, {"hellip", 0x2026}};
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    std::size_t semi = s.find(';', i);
    if (semi == std::string_view::npos || semi - i > 10) {
      out += '&';
      continue;
    }
    std::string_view name = s.substr(i + 1, semi - i - 1);
    char32_t cp = 0;
    bool ok = false;
    if (name.size() > 1 && name[0] == '#') {
      bool hex = name[1] == 'x' || name[1] == 'X';
      ok = name.size() > (hex ? 2u : 1u);
      for (char c : name.substr(hex ? 2 : 1)) {
        int d = c >= '0' && c <= '9' ? c - '0' : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10 : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0 || cp > 0x10FFFF) {
          ok = false;
          break;
        }
        cp = cp * (hex ? 16 : 10) + static_cast<char32_t>(d);
      }
    } else if (auto it = named.find(lower(name)); it != named.end()) {
      cp = it->second, ok = true;
    }
    if (!ok) {
      out += '&';
      continue;
    }
    append_utf8(out, cp);
    i = semi;
  }
  return out;
}

// CSS declarations as property -> value, lowercase, without spaces and !important.
std::map<std::string, std::string> declarations(std::string_view css) {
  std::map<std::string, std::string> out;
  std::string low = lower(css);
  std::size_t start = 0;
  while (start < low.size()) {
    std::size_t end = low.find(';', start);
    if (end == std::string::npos) end = low.size();
    std::string decl = low.substr(start, end - start);
    start = end + 1;
    auto colon = decl.find(':');
    if (colon == std::string::npos) continue;
    std::string prop, value;
    for (char c : decl.substr(0, colon))
      if (static_cast<unsigned char>(c) > ' ') prop += c;
    for (char c : decl.substr(colon + 1))
      if (static_cast<unsigned char>(c) > ' ') value += c;
    if (auto imp = value.find("!important"); imp != std::string::npos) value.erase(imp);
    out[prop] = value;
  }
  return out;
}

// A CSS length that is zero or tiny ("0", "0px", "0.5px", "0em").
bool tiny_length(std::string_view v) {
  std::size_t i = 0;
  double n = 0, scale = 0;
  bool any = false;
  for (; i < v.size() && ((v[i] >= '0' && v[i] <= '9') || v[i] == '.'); ++i) {
    if (v[i] == '.') {
      scale = 1;
      continue;
    }
    any = true;
    if (scale > 0) scale /= 10, n += (v[i] - '0') * scale;
    else n = n * 10 + (v[i] - '0');
  }
  if (!any) return false;
  std::string_view unit = v.substr(i);
  if (unit == "px" || unit == "pt") return n <= 1;
  return n == 0;
}

bool far_off(std::string_view v) {
  if (v.empty() || v[0] != '-') return false;
  int n = 0;
  for (std::size_t i = 1; i < v.size() && v[i] >= '0' && v[i] <= '9'; ++i) n = std::min(n * 10 + (v[i] - '0'), 100000);
  return n >= 500;
}

// How a style hides its element, or "" when it does not.
std::string hiding(std::string_view style) {
  auto d = declarations(style);
  auto get = [&](const char* p) {
    auto it = d.find(p);
    return it == d.end() ? std::string() : it->second;
  };
  if (get("display") == "none") return "display:none";
  if (std::string v = get("visibility"); v == "hidden" || v == "collapse") return "visibility:" + v;
  if (std::string v = get("font-size"); !v.empty() && tiny_length(v)) return "font-size:" + v;
  if (std::string v = get("opacity"); !v.empty() && (v == "0" || v.starts_with("0.0") || v == ".0" || v.starts_with(".0")))
    return "opacity:" + v;
  if (get("overflow") == "hidden" && ((!get("height").empty() && tiny_length(get("height"))) ||
                                      (!get("max-height").empty() && tiny_length(get("max-height"))) ||
                                      (!get("width").empty() && tiny_length(get("width")))))
    return "tinggi 0 dengan overflow:hidden";
  if (std::string pos = get("position"); pos == "absolute" || pos == "fixed")
    for (const char* side : {"left", "top", "right"})
      if (far_off(get(side))) return std::string("diletakkan di luar layar (") + side + ":" + get(side) + ")";
  if (far_off(get("text-indent"))) return "text-indent:" + get("text-indent");
  std::string color = get("color"), background = get("background-color");
  if (background.empty()) background = get("background");
  if (!color.empty() && color == background) return "warna teks sama dengan latar (" + color + ")";
  return "";
}

bool void_element(std::string_view tag) {
  static const std::set<std::string, std::less<>> v = {"area", "base", "br", "col", "embed", "hr", "img", "input",
                                                       "link", "meta", "param", "source", "track", "wbr"};
  return v.count(tag) > 0;
}

bool block_element(std::string_view tag) {
  static const std::set<std::string, std::less<>> b = {
      "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "table",
      "section", "article", "header", "footer", "nav", "aside", "blockquote", "pre", "hr", "figure", "figcaption",
      "dd", "dt", "dl", "main", "title", "option"};
  return b.count(tag) > 0;
}

// Class names hidden by rules in a <style> block (".name { display:none }").
void hidden_classes(std::string_view css, std::map<std::string, std::string>& into) {
  std::size_t pos = 0;
  while (true) {
    std::size_t open = css.find('{', pos);
    if (open == std::string_view::npos) return;
    std::size_t close = css.find('}', open);
    if (close == std::string_view::npos) return;
    std::string how = hiding(css.substr(open + 1, close - open - 1));
    if (!how.empty()) {
      std::string_view selectors = css.substr(pos, open - pos);
      for (std::size_t i = 0; i < selectors.size(); ++i) {
        if (selectors[i] != '.') continue;
        std::size_t j = i + 1;
        while (j < selectors.size() && (std::isalnum(static_cast<unsigned char>(selectors[j])) || selectors[j] == '-' || selectors[j] == '_')) ++j;
        if (j > i + 1) into[std::string(selectors.substr(i + 1, j - i - 1))] = how;
        i = j - 1;
      }
    }
    pos = close + 1;
  }
}

}  // namespace

void collect_html(std::string_view html, ScanInput& into) {
  struct Open {
    std::string tag;
    bool hides;
  };
  std::vector<Open> stack;
  std::map<std::string, std::string> css_hidden;
  int hidden_depth = 0;
  HiddenText current;
  auto emit = [&](std::string_view text) {
    into.text += text;
    if (hidden_depth > 0) current.text += text;
  };
  auto close_hidden = [&]() {
    if (--hidden_depth == 0) {
      into.hidden.push_back(std::move(current));
      current = {};
    }
  };
  std::size_t i = 0;
  while (i < html.size()) {
    if (html[i] != '<') {
      std::size_t next = html.find('<', i);
      if (next == std::string_view::npos) next = html.size();
      emit(decode_entities(html.substr(i, next - i)));
      i = next;
      continue;
    }
    if (html.compare(i, 4, "<!--") == 0) {
      std::size_t end = html.find("-->", i + 4);
      i = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    std::size_t j = i + 1;
    bool closing = j < html.size() && html[j] == '/';
    if (closing) ++j;
    std::size_t name_start = j;
    while (j < html.size() && (std::isalnum(static_cast<unsigned char>(html[j])) || html[j] == '-')) ++j;
    if (j == name_start || !std::isalpha(static_cast<unsigned char>(html[name_start]))) {
      if (j < html.size() && (html[j] == '!' || html[j] == '?')) {  // doctype, processing instruction
        std::size_t end = html.find('>', j);
        i = end == std::string_view::npos ? html.size() : end + 1;
      } else {
        emit("<");
        i = i + 1;
      }
      continue;
    }
    std::string tag = lower(html.substr(name_start, j - name_start));
    // Attributes up to the closing '>', honouring quotes.
    std::map<std::string, std::string> attrs;
    bool self_closing = false;
    while (j < html.size() && html[j] != '>') {
      if (std::isspace(static_cast<unsigned char>(html[j]))) {
        ++j;
        continue;
      }
      if (html[j] == '/') {
        self_closing = true;
        ++j;
        continue;
      }
      std::size_t an = j;
      while (j < html.size() && !std::isspace(static_cast<unsigned char>(html[j])) && html[j] != '=' && html[j] != '>' &&
             html[j] != '/')
        ++j;
      std::string name = lower(html.substr(an, j - an));
      if (name.empty()) {
        ++j;
        continue;
      }
      self_closing = false;
      while (j < html.size() && std::isspace(static_cast<unsigned char>(html[j]))) ++j;
      std::string value;
      if (j < html.size() && html[j] == '=') {
        ++j;
        while (j < html.size() && std::isspace(static_cast<unsigned char>(html[j]))) ++j;
        if (j < html.size() && (html[j] == '"' || html[j] == '\'')) {
          char q = html[j++];
          std::size_t end = html.find(q, j);
          if (end == std::string_view::npos) end = html.size();
          value = html.substr(j, end - j);
          j = end + 1;
        } else {
          std::size_t vs = j;
          while (j < html.size() && !std::isspace(static_cast<unsigned char>(html[j])) && html[j] != '>') ++j;
          value = html.substr(vs, j - vs);
        }
      }
      attrs.emplace(name, decode_entities(value));
    }
    i = j < html.size() ? j + 1 : html.size();

    if (closing) {
      if (block_element(tag)) emit("\n");
      auto it = std::find_if(stack.rbegin(), stack.rend(), [&](const Open& o) { return o.tag == tag; });
      if (it == stack.rend()) continue;
      std::size_t keep = stack.size() - static_cast<std::size_t>(it - stack.rbegin()) - 1;
      while (stack.size() > keep) {
        if (stack.back().hides) close_hidden();
        stack.pop_back();
      }
      continue;
    }
    // Raw-text elements: skip their content (remember hidden classes from <style>).
    if (tag == "script" || tag == "style" || tag == "template" || tag == "textarea") {
      std::size_t end = i;
      while (end < html.size() && !(html[end] == '<' && ieq_prefix(html, end, "</" + tag))) ++end;
      if (tag == "style") hidden_classes(html.substr(i, end - i), css_hidden);
      std::size_t gt = html.find('>', end);
      i = gt == std::string_view::npos ? html.size() : gt + 1;
      continue;
    }
    auto attr = [&](const char* name) {
      auto it = attrs.find(name);
      return it == attrs.end() ? std::string() : it->second;
    };
    if (tag == "a" || tag == "area") {
      if (std::string href = attr("href"); !href.empty()) {
        into.links.push_back(href);
        std::string low = lower(trim_view(href).substr(0, 8));
        bool absolute = low.starts_with("http://") || low.starts_with("https://") || low.starts_with("//");
        if (hidden_depth > 0 && absolute) ++current.links;
      }
    } else if (tag == "iframe" || tag == "frame") {
      if (std::string src = attr("src"); !src.empty()) into.links.push_back(src);
    } else if (tag == "meta" && lower(attr("http-equiv")) == "refresh") {
      std::string content = attr("content");
      if (auto u = lower(content).find("url="); u != std::string::npos) into.links.push_back(content.substr(u + 4));
    } else if (tag == "img") {
      if (std::string alt = attr("alt"); !alt.empty()) emit(" " + alt + " ");
    }
    if (block_element(tag)) emit("\n");
    if (void_element(tag) || self_closing) continue;
    std::string how;
    if (attrs.count("hidden")) how = "atribut hidden";
    if (how.empty()) how = hiding(attr("style"));
    if (how.empty() && !css_hidden.empty()) {
      std::string classes = attr("class");
      std::size_t s = 0;
      while (how.empty() && s < classes.size()) {
        std::size_t e = classes.find(' ', s);
        if (e == std::string::npos) e = classes.size();
        if (auto it = css_hidden.find(classes.substr(s, e - s)); it != css_hidden.end())
          how = "kelas CSS ." + it->first + " (" + it->second + ")";
        s = e + 1;
      }
    }
    bool hides = !how.empty();
    if (hides && hidden_depth++ == 0) current.cara = how;
    stack.push_back({tag, hides});
    if (stack.size() > 512) {  // pathological nesting: stop tracking the oldest
      if (stack.front().hides) close_hidden();
      stack.erase(stack.begin());
    }
  }
  while (hidden_depth > 0) close_hidden();
}

}  // namespace balai::content
