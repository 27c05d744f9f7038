// Import and provisioning against a real database: idempotent, and all or
// nothing when anything fails part-way.
#include <fstream>
#include <pqxx/pqxx>

#include "tenants/registry.hpp"
#include "tests/integration/db_fixture.hpp"

using balai::testing::DbTest;
namespace tenants = balai::tenants;
namespace wilayah = balai::wilayah;

namespace {

class Import : public DbTest {};

wilayah::Extract kendal() {
  std::ifstream in(std::string(BALAI_DATA_DIR) + "/kode-wilayah.csv");
  auto r = wilayah::read_extract(in, "33.24");
  EXPECT_FALSE(r.error);
  return *r.extract;
}

struct Snapshot {
  int desa, kecamatan, partitions;
  std::string digest;
  bool operator==(const Snapshot&) const = default;
};

Snapshot snapshot(pqxx::connection& c) {
  pqxx::work tx(c);
  return {tx.exec1("SELECT count(*) FROM desa")[0].as<int>(), tx.exec1("SELECT count(*) FROM kecamatan")[0].as<int>(),
          tx.exec1("SELECT count(*) FROM pg_inherits")[0].as<int>(),
          tx.exec1("SELECT md5(string_agg(id || slug || nama || status || updated_at::text, ',' ORDER BY id)) FROM desa")[0]
              .as<std::string>()};
}

}  // namespace

TEST_F(Import, ImportingTheSameRegencyAgainChangesNothing) {
  auto c = owner();
  auto before = snapshot(*c);
  auto st = tenants::import_extract(*c, kendal());
  EXPECT_EQ(st.desa_new, 0u);
  EXPECT_EQ(st.desa_updated, 0u);
  EXPECT_EQ(st.desa_unchanged, 286u);
  EXPECT_EQ(snapshot(*c), before);
}

TEST_F(Import, AFailurePartWayLeavesEverythingAsItWas) {
  auto c = owner();
  auto before = snapshot(*c);
  auto ex = kendal();
  // Two new villages; the second breaks a database constraint (nama too long)
  // after the first was already inserted and provisioned.
  ex.desa.push_back({*wilayah::parse_kode("33.24.01.2099"), "Desa Baru", 9998});
  ex.desa.push_back({*wilayah::parse_kode("33.24.01.2098"), std::string(300, 'x'), 9999});
  EXPECT_THROW(tenants::import_extract(*c, ex), pqxx::sql_error);
  EXPECT_EQ(snapshot(*c), before);
  pqxx::work tx(*c);
  EXPECT_TRUE(tx.exec1("SELECT to_regclass('pages_3324012099') IS NULL")[0].as<bool>());
}

TEST_F(Import, AddingAVillageProvisionsItAndKeepsSlugsDistinct) {
  auto c = owner();
  auto slug = tenants::add_desa(*c, "33.24.01.2099", "Blumah", "");
  EXPECT_EQ(slug, "blumah-plantungan");
  auto again = tenants::add_desa(*c, "33.24.01.2098", "Blumah", "");
  EXPECT_NE(again, slug);
  EXPECT_THROW(tenants::add_desa(*c, "33.24.01.2099", "Lagi", ""), tenants::UserError);
  EXPECT_THROW(tenants::add_desa(*c, "33.24.99.2001", "Tanpa Kecamatan", ""), tenants::UserError);
  EXPECT_THROW(tenants::add_desa(*c, "33.24.01", "Bukan Desa", ""), tenants::UserError);
  EXPECT_THROW(tenants::add_desa(*c, "33.24.01.2097", "X", "admin"), tenants::UserError);
  pqxx::work tx(*c);
  EXPECT_FALSE(tx.exec1("SELECT to_regclass('pages_3324012099') IS NULL")[0].as<bool>());
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM pages_3324012099 WHERE slot IS NOT NULL")[0].as<int>(), 6);
}

TEST_F(Import, DomainsAreValidatedAndUnique) {
  auto c = owner();
  tenants::add_domain(*c, "blumah.desa.id", "blumah", true);
  EXPECT_THROW(tenants::add_domain(*c, "blumah.desa.id", "kediten", false), tenants::UserError);
  EXPECT_THROW(tenants::add_domain(*c, "Blumah.Desa.ID", "blumah", false), tenants::UserError);
  EXPECT_THROW(tenants::add_domain(*c, "www.blumah.desa.id", "blumah", false), tenants::UserError);
  EXPECT_THROW(tenants::add_domain(*c, "10.0.0.1", "blumah", false), tenants::UserError);
  EXPECT_THROW(tenants::add_domain(*c, "desa.id", "tidak-ada", false), tenants::UserError);
  tenants::add_domain(*c, "blumah.example.org", "3324012001", true);
  auto list = tenants::list_domains(*c, "blumah");
  ASSERT_EQ(list.size(), 2u);
  int primaries = 0;
  for (const auto& d : list) primaries += d.primary;
  EXPECT_EQ(primaries, 1);
  tenants::remove_domain(*c, "blumah.example.org");
  EXPECT_THROW(tenants::remove_domain(*c, "blumah.example.org"), tenants::UserError);
}

TEST_F(Import, TheDirectoryLoadsAsTheAppRole) {
  auto c = app();
  auto dir = tenants::load_directory(*c, 1);
  EXPECT_GE(dir->desa.size(), 286u);  // other tests of this suite may have added villages
  EXPECT_EQ(dir->kecamatan.size(), 20u);
  EXPECT_EQ(dir->kabupaten_nama, "Kabupaten Kendal");
  EXPECT_NE(dir->by_slug.find("blumah"), dir->by_slug.end());
}
