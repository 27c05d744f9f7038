// Village archives against a real database: export is deterministic, a
// village survives delete + import unchanged, a damaged or conflicting
// archive is refused and leaves everything as it was.
#include <openssl/evp.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <sstream>

#include "server/core/tar.hpp"
#include "tenants/archive.hpp"
#include "tenants/registry.hpp"
#include "tests/integration/db_fixture.hpp"

using balai::testing::DbTest;
namespace fs = std::filesystem;
namespace tar = balai::tar;
namespace tenants = balai::tenants;
using json = nlohmann::json;

namespace {

constexpr std::int64_t kBlumah = 3324012001;
constexpr std::int64_t kKediten = 3324012002;
constexpr std::int64_t kThird = 3324012003;
constexpr std::int64_t kFourth = 3324012004;
constexpr std::int64_t kBystander = 3324012005;  // never touched by these tests

class Archive : public DbTest {
 protected:
  void SetUp() override {
    media_ = fs::temp_directory_path() /
             ("balai-archive-" + std::to_string(getpid()) + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(media_);
    fs::create_directories(media_);
  }
  void TearDown() override { fs::remove_all(media_); }
  fs::path media_;
};

std::string sha256_hex(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
  std::string out;
  for (unsigned i = 0; i < len; ++i) {
    out += "0123456789abcdef"[md[i] >> 4];
    out += "0123456789abcdef"[md[i] & 15];
  }
  return out;
}

// A few media files of a village, binary content included.
void put_media(const fs::path& dir, std::int64_t desa, int count) {
  for (int i = 0; i < count; ++i) {
    std::string key = sha256_hex(std::to_string(desa) + "/" + std::to_string(i)).substr(0, 32);
    std::string bytes = "RIFF";
    bytes += std::string("\0\x01\xff\xfe", 4);
    bytes += std::string(1000 + 97 * static_cast<std::size_t>(i), static_cast<char>('a' + i));
    auto sub = dir / std::to_string(desa) / key.substr(0, 2);
    fs::create_directories(sub);
    std::ofstream(sub / (key + "-320.webp"), std::ios::binary) << bytes;
    std::ofstream(sub / (key + "-og.jpg"), std::ios::binary) << bytes.substr(0, 500);
  }
}

std::string export_of(pqxx::connection& c, std::int64_t desa, const fs::path& media, tenants::ExportStats* stats = nullptr) {
  std::ostringstream out;
  auto st = tenants::export_desa(c, std::to_string(desa), media, out);
  if (stats) *stats = st;
  return std::move(out).str();
}

std::map<std::string, std::string> files_of(const std::string& archive) {
  std::map<std::string, std::string> out;
  for (auto& e : tar::read_all(archive, archive.size())) out[e.path] = std::move(e.data);
  return out;
}

// Every file but the manifest, which carries the time of export.
std::map<std::string, std::string> content_of(const std::string& archive) {
  auto files = files_of(archive);
  files.erase("manifest.json");
  return files;
}

json manifest_of(const std::string& archive) { return json::parse(files_of(archive).at("manifest.json")); }

// Rewrites an archive with `edit` applied, with sizes and checksums made to match again.
std::string rebuild(const std::string& archive, const std::function<void(json&, std::map<std::string, std::string>&)>& edit) {
  auto files = files_of(archive);
  json manifest = json::parse(files.at("manifest.json"));
  files.erase("manifest.json");
  edit(manifest, files);
  manifest["files"] = json::array();
  std::ostringstream out;
  tar::Writer w(out);
  for (const auto& [path, data] : files) {
    manifest["files"].push_back({{"path", path}, {"size", data.size()}, {"sha256", sha256_hex(data)}});
    w.add(path, data);
  }
  w.add("manifest.json", manifest.dump(2));
  w.finish();
  return std::move(out).str();
}

// Offset of an entry's content inside a tar archive.
std::size_t content_offset(const std::string& archive, const std::string& path) {
  std::size_t at = 0;
  while (at + 512 <= archive.size() && archive[at] != '\0') {
    std::string name(archive.data() + at, strnlen(archive.data() + at, 100));
    std::size_t size = std::stoull(std::string(archive.data() + at + 124, 11), nullptr, 8);
    if (name == path) return at + 512;
    at += 512 + (size + 511) / 512 * 512;
  }
  ADD_FAILURE() << path << " not found in the archive";
  return 0;
}

struct Snapshot {
  std::int64_t desa, partitions, accounts, domains, feed;
  std::string registry;
  bool operator==(const Snapshot&) const = default;
};

Snapshot snapshot(pqxx::connection& c) {
  pqxx::work tx(c);
  auto n = [&](const char* sql) { return tx.exec1(sql)[0].as<std::int64_t>(); };
  return {n("SELECT count(*) FROM desa"), n("SELECT count(*) FROM pg_inherits"), n("SELECT count(*) FROM accounts"),
          n("SELECT count(*) FROM domains"), n("SELECT count(*) FROM regency_feed"),
          tx.exec1("SELECT md5(string_agg(id || kode || slug || nama || status || kecamatan_id, ',' ORDER BY id)) FROM desa")[0]
              .as<std::string>()};
}

std::int64_t scalar(pqxx::connection& c, const std::string& sql) {
  pqxx::work tx(c);
  return tx.exec1(sql)[0].as<std::int64_t>();
}

std::vector<std::string> staging_dirs(const fs::path& media) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(media))
    if (e.path().filename().string().starts_with(".import-")) out.push_back(e.path().string());
  return out;
}

std::string user_error_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const tenants::UserError& e) {
    return e.what();
  }
  return "no UserError";
}

}  // namespace

TEST_F(Archive, AVillageSurvivesExportDeleteAndImportUnchanged) {
  auto c = owner();
  const std::string id = std::to_string(kBlumah);
  // The demo village has content of every kind.
  for (const char* table : {"posts", "pages", "photos", "media", "perangkat", "albums", "statistik", "menus"})
    EXPECT_GT(scalar(*c, std::string("SELECT count(*) FROM ") + table + " WHERE desa_id = " + id), 0) << table;
  put_media(media_, kBlumah, 3);
  put_media(media_, kBystander, 1);
  const auto feed_before = scalar(*c, "SELECT count(*) FROM regency_feed WHERE desa_id = " + id);
  {
    pqxx::work tx(*c);
    auto account = tx.exec1("INSERT INTO accounts (username, nama, peran, desa_id, password_hash)"
                            " VALUES ('admin.arsip', 'Admin Arsip', 'admin_desa', " + id + ", 'x') RETURNING id")[0]
                       .as<std::int64_t>();
    tx.exec("INSERT INTO sessions (token_hash, account_id, csrf, expires_at) VALUES (decode(md5('arsip'), 'hex'), " +
            std::to_string(account) + ", 'csrf', now() + interval '1 day')");
    tx.exec("INSERT INTO login_events (account_id, username, outcome) VALUES (" + std::to_string(account) + ", 'admin.arsip', 'ok')");
    tx.exec("INSERT INTO support_audit (actor, desa_id, action) VALUES ('cli:arsip-test', " + id + ", 'akun.buat')");
    tx.exec("INSERT INTO domains (hostname, desa_id, is_primary) VALUES ('blumah-arsip.desa.id', " + id +
            ", NOT EXISTS (SELECT 1 FROM domains WHERE desa_id = " + id + " AND is_primary))");
    tx.commit();
  }

  tenants::ExportStats first_stats;
  const std::string first = export_of(*c, kBlumah, media_, &first_stats);
  const std::string second = export_of(*c, kBlumah, media_);
  EXPECT_EQ(content_of(first), content_of(second)) << "two exports of an unchanged village differ";

  // The manifest describes every table and every file.
  const json m = manifest_of(first);
  EXPECT_EQ(m["format"], "balai-desa/1");
  EXPECT_EQ(m["desa"]["id"], kBlumah);
  EXPECT_EQ(m["desa"]["slug"], "blumah");
  EXPECT_EQ(m["desa"]["domains"][0]["hostname"], "blumah-arsip.desa.id");
  EXPECT_GE(m["schema"]["version"].get<int>(), 10);
  EXPECT_EQ(static_cast<std::int64_t>(m["tables"].size()), scalar(*c, "SELECT count(*) FROM village_tables"));
  const auto files = content_of(first);
  EXPECT_EQ(m["files"].size(), files.size());
  for (const auto& f : m["files"]) {
    const auto& data = files.at(f["path"].get<std::string>());
    EXPECT_EQ(f["size"].get<std::size_t>(), data.size());
    EXPECT_EQ(f["sha256"].get<std::string>(), sha256_hex(data));
  }
  EXPECT_EQ(first_stats.media_files, 6u);
  EXPECT_EQ(std::count_if(files.begin(), files.end(), [](const auto& f) { return f.first.starts_with("media/"); }), 6);
  for (const auto& t : m["tables"])
    EXPECT_EQ(json::parse(files.at(t["file"].get<std::string>())).size(), t["rows"].get<std::size_t>()) << t["name"];

  tenants::ExportStats bystander_before;
  export_of(*c, kBystander, media_, &bystander_before);

  // Delete: registry row, partitions, accounts, sessions, domains, media go; records of the past stay.
  auto deleted = tenants::delete_desa(*c, "blumah", media_, {"cli:arsip-test", first_stats.data_digest});
  EXPECT_EQ(deleted.desa_id, kBlumah);
  EXPECT_EQ(static_cast<std::int64_t>(deleted.partitions), scalar(*c, "SELECT count(*) FROM village_tables"));
  EXPECT_GE(deleted.accounts, 1u);
  EXPECT_TRUE(deleted.media_removed);
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM desa WHERE id = " + id), 0);
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM pg_class WHERE relname LIKE '%\\_" + id + "'"), 0);
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM accounts WHERE username = 'admin.arsip'"), 0);
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM sessions WHERE token_hash = decode(md5('arsip'), 'hex')"), 0);
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM domains WHERE hostname = 'blumah-arsip.desa.id'"), 0);
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM regency_feed WHERE desa_id = " + id), 0);
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM login_events WHERE username = 'admin.arsip' AND account_id IS NULL"), 1);
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM support_audit WHERE actor = 'cli:arsip-test' AND action = 'akun.buat' AND desa_id IS NULL"), 1);
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM support_audit WHERE action = 'desa.hapus' AND detail->>'slug' = 'blumah'"), 1);
  EXPECT_FALSE(fs::exists(media_ / id));
  EXPECT_TRUE(fs::exists(media_ / std::to_string(kBystander)));
  tenants::ExportStats bystander_after;
  export_of(*c, kBystander, media_, &bystander_after);
  EXPECT_EQ(bystander_after.data_digest, bystander_before.data_digest);
  EXPECT_EQ(bystander_after.media_files, 2u);
  EXPECT_THROW(tenants::export_desa(*c, id, media_, std::cout), tenants::UserError);

  // As on a fresh instance: sequences far behind the archive's ids.
  {
    pqxx::work tx(*c);
    tx.exec("SELECT setval(pg_get_serial_sequence('posts', 'id'), 1, false)");
    tx.exec("SELECT setval('village_row_id', 1, false)");
    tx.commit();
  }

  auto st = tenants::import_desa(*c, first, media_, {false, "cli:arsip-test"});
  EXPECT_EQ(st.desa_id, kBlumah);
  EXPECT_EQ(st.slug, "blumah");
  EXPECT_EQ(st.rows, first_stats.rows);
  EXPECT_EQ(st.media_files, 6u);
  EXPECT_FALSE(st.replaced);
  EXPECT_EQ(st.domains_added, std::vector<std::string>{"blumah-arsip.desa.id"});
  EXPECT_TRUE(staging_dirs(media_).empty());
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM regency_feed WHERE desa_id = " + id), feed_before);
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM accounts WHERE desa_id = " + id), 0);  // accounts never travel

  // Every data file and media file comes back byte for byte, with the same checksums.
  const std::string third = export_of(*c, kBlumah, media_);
  const auto again = content_of(third);
  EXPECT_EQ(again.size(), files.size());
  for (const auto& [path, data] : files) {
    auto it = again.find(path);
    ASSERT_NE(it, again.end()) << path;
    EXPECT_TRUE(it->second == data) << path << " differs after delete and import";
  }
  const json m3 = manifest_of(third);
  EXPECT_EQ(m3["files"], m["files"]);
  EXPECT_EQ(m3["tables"], m["tables"]);
  EXPECT_EQ(m3["desa"], m["desa"]);

  // New rows get ids past the imported ones.
  pqxx::work tx(*c);
  EXPECT_TRUE(tx.exec1("SELECT nextval(pg_get_serial_sequence('posts', 'id')) > (SELECT max(id) FROM posts WHERE desa_id = " + id + ")")[0]
                  .as<bool>());
  EXPECT_TRUE(tx.exec1("SELECT nextval('village_row_id') > (SELECT greatest((SELECT max(id) FROM statistik WHERE desa_id = " + id +
                       "), (SELECT max(id) FROM apbdes WHERE desa_id = " + id + ")))")[0]
                  .as<bool>());
  tx.exec("INSERT INTO posts (desa_id, slug, title) VALUES (" + id + ", 'berita-setelah-impor', 'Berita setelah impor')");
  tx.exec("INSERT INTO statistik (desa_id, tahun, kategori, label) VALUES (" + id + ", 2030, 'agama', 'Setelah impor')");
}

TEST_F(Archive, ADamagedArchiveIsRefusedAndChangesNothing) {
  auto c = owner();
  const std::string id = std::to_string(kKediten);
  put_media(media_, kKediten, 2);
  tenants::ExportStats stats;
  const std::string good = export_of(*c, kKediten, media_, &stats);
  ASSERT_GT(json::parse(files_of(good).at("data/posts.json")).size(), 0u);
  tenants::delete_desa(*c, id, media_, {"", stats.data_digest});
  const auto before = snapshot(*c);

  // One byte flipped inside a data file.
  std::string flipped = good;
  flipped[content_offset(flipped, "data/posts.json") + 20] ^= 0x01;
  auto error = user_error_of([&] { tenants::import_desa(*c, flipped, media_); });
  EXPECT_NE(error.find("checksum mismatch for data/posts.json"), std::string::npos) << error;
  EXPECT_THROW(tenants::verify_archive(flipped), tenants::UserError);
  EXPECT_EQ(snapshot(*c), before);

  // Not an archive at all; a truncated one.
  EXPECT_THROW(tenants::import_desa(*c, "kode,nama,tingkat\n33,JAWA TENGAH,provinsi\n", media_), tenants::UserError);
  EXPECT_THROW(tenants::import_desa(*c, std::string_view(good).substr(0, good.size() / 2), media_), tenants::UserError);
  // A file that does not belong, and a row of another village.
  auto sneaked = rebuild(good, [](json&, std::map<std::string, std::string>& f) { f["notes.txt"] = "x"; });
  error = user_error_of([&] { tenants::import_desa(*c, sneaked, media_); });
  EXPECT_NE(error.find("unexpected file notes.txt"), std::string::npos) << error;
  auto foreign = rebuild(good, [](json&, std::map<std::string, std::string>& f) {
    auto rows = json::parse(f.at("data/posts.json"));
    rows[0]["desa_id"] = kBlumah;
    f["data/posts.json"] = rows.dump();
  });
  error = user_error_of([&] { tenants::import_desa(*c, foreign, media_); });
  EXPECT_NE(error.find("another village"), std::string::npos) << error;
  // A newer schema than this database.
  auto newer = rebuild(good, [](json& m, std::map<std::string, std::string>&) { m["schema"]["version"] = 999; });
  error = user_error_of([&] { tenants::import_desa(*c, newer, media_); });
  EXPECT_NE(error.find("newer"), std::string::npos) << error;
  EXPECT_EQ(snapshot(*c), before);

  // Checksums fine, but a row the database refuses half-way through: all of it rolls back.
  auto bad_row = rebuild(good, [](json&, std::map<std::string, std::string>& f) {
    auto rows = json::parse(f.at("data/posts.json"));
    rows[rows.size() - 1]["title"] = "";
    f["data/posts.json"] = rows.dump();
  });
  EXPECT_NO_THROW(tenants::verify_archive(bad_row));
  EXPECT_THROW(tenants::import_desa(*c, bad_row, media_), pqxx::sql_error);
  EXPECT_EQ(snapshot(*c), before);
  EXPECT_FALSE(fs::exists(media_ / id));
  EXPECT_TRUE(staging_dirs(media_).empty());

  // The intact archive still imports.
  auto st = tenants::import_desa(*c, good, media_);
  EXPECT_EQ(st.desa_id, kKediten);
  EXPECT_EQ(st.media_files, 4u);
  EXPECT_EQ(content_of(export_of(*c, kKediten, media_)), content_of(good));
}

TEST_F(Archive, ImportRefusesATakenVillageKodeOrSlug) {
  auto c = owner();
  const std::string id = std::to_string(kThird);
  tenants::ExportStats stats;
  const std::string archive = export_of(*c, kThird, media_, &stats);
  auto before = snapshot(*c);

  // The village is here, with content.
  auto error = user_error_of([&] { tenants::import_desa(*c, archive, media_); });
  EXPECT_NE(error.find("has content"), std::string::npos) << error;
  error = user_error_of([&] { tenants::import_desa(*c, archive, media_, {true, ""}); });
  EXPECT_NE(error.find("has content"), std::string::npos) << error;
  EXPECT_EQ(snapshot(*c), before);

  tenants::delete_desa(*c, id, media_, {"", stats.data_digest});
  before = snapshot(*c);
  std::string other_slug, other_kode;
  {
    pqxx::work tx(*c);
    auto r = tx.exec1("SELECT slug, kode FROM desa WHERE id = " + std::to_string(kBystander));
    other_slug = r[0].as<std::string>();
    other_kode = r[1].as<std::string>();
  }
  auto slug_taken = rebuild(archive, [&](json& m, std::map<std::string, std::string>&) { m["desa"]["slug"] = other_slug; });
  error = user_error_of([&] { tenants::import_desa(*c, slug_taken, media_); });
  EXPECT_NE(error.find("slug '" + other_slug + "' is already used"), std::string::npos) << error;
  auto kode_taken = rebuild(archive, [&](json& m, std::map<std::string, std::string>&) { m["desa"]["kode"] = other_kode; });
  error = user_error_of([&] { tenants::import_desa(*c, kode_taken, media_); });
  EXPECT_NE(error.find("kode " + other_kode + " is already used"), std::string::npos) << error;
  EXPECT_EQ(snapshot(*c), before);

  tenants::import_desa(*c, archive, media_);
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM desa WHERE id = " + id), 1);
}

TEST_F(Archive, AnEmptyProvisionedVillageIsReplacedOnlyWhenAsked) {
  auto c = owner();
  const std::string id = std::to_string(kFourth);
  tenants::ExportStats stats;
  const std::string archive = export_of(*c, kFourth, media_, &stats);
  const json m = manifest_of(archive);
  tenants::delete_desa(*c, id, media_, {"", stats.data_digest});
  tenants::add_desa(*c, m["desa"]["kode"].get<std::string>(), m["desa"]["nama"].get<std::string>(),
                    m["desa"]["slug"].get<std::string>());

  auto error = user_error_of([&] { tenants::import_desa(*c, archive, media_); });
  EXPECT_NE(error.find("--replace-empty"), std::string::npos) << error;
  auto st = tenants::import_desa(*c, archive, media_, {true, ""});
  EXPECT_TRUE(st.replaced);
  EXPECT_EQ(content_of(export_of(*c, kFourth, media_)), content_of(archive));
}

TEST_F(Archive, DeletionIsRefusedWhenTheVillageChangedAfterTheExport) {
  auto c = owner();
  const std::string id = std::to_string(kBystander + 1);
  tenants::ExportStats stats;
  export_of(*c, kBystander + 1, media_, &stats);
  {
    pqxx::work tx(*c);
    tx.exec("INSERT INTO agenda (desa_id, title, starts_at) VALUES (" + id + ", 'Rapat mendadak', now())");
    tx.commit();
  }
  auto error = user_error_of([&] { tenants::delete_desa(*c, id, media_, {"", stats.data_digest}); });
  EXPECT_NE(error.find("changed after it was exported"), std::string::npos) << error;
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM desa WHERE id = " + id), 1);
}
