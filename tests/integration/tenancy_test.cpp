// Tenant isolation as PostgreSQL enforces it: partitions per village,
// row-level security keyed on the transaction's tenant, an application role
// that owns nothing and cannot step around either.
#include <pqxx/pqxx>
#include <typeinfo>

#include "server/db/pool.hpp"
#include "tests/integration/db_fixture.hpp"

using balai::db::with_tenant;
using balai::testing::DbTest;

namespace {

constexpr std::int64_t kBlumah = 3324012001;   // Plantungan
constexpr std::int64_t kKediten = 3324012002;  // Plantungan

class Tenancy : public DbTest {};

std::string sqlstate_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const pqxx::insufficient_privilege&) {
    return "42501";  // libpqxx 6 maps the SQLSTATE to this class
  } catch (const pqxx::sql_error& e) {
    return e.sqlstate().empty() ? std::string(typeid(e).name()) + ": " + e.what() : e.sqlstate();
  }
  return "no error";
}

}  // namespace

TEST_F(Tenancy, ProvisioningCreatedEveryPartition) {
  auto c = owner();
  pqxx::work tx(*c);
  auto villages = tx.exec1("SELECT count(*) FROM desa")[0].as<int>();
  EXPECT_EQ(villages, 286);
  for (const char* table : {"site_settings", "pages"}) {
    auto missing = tx.exec1(std::string("SELECT count(*) FROM desa d WHERE to_regclass('") + table +
                            "_' || d.id) IS NULL OR NOT EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = to_regclass('" +
                            table + "_' || d.id) AND i.inhparent = '" + table + "'::regclass)")[0].as<int>();
    EXPECT_EQ(missing, 0) << table;
  }
  // Every village got its default content, in its own partition.
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM ONLY site_settings_3324012001")[0].as<int>(), 1);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM pages_3324012002 WHERE slot = 'sejarah'")[0].as<int>(), 1);
}

TEST_F(Tenancy, ATransactionForOneVillageCannotReadAnothersRows) {
  auto c = app();
  with_tenant(*c, kBlumah, [&](pqxx::work& tx) {
    // B's id written straight into the SQL: still nothing.
    EXPECT_EQ(tx.exec1("SELECT count(*) FROM pages WHERE desa_id = 3324012002")[0].as<int>(), 0);
    EXPECT_EQ(tx.exec1("SELECT count(*) FROM pages")[0].as<int>(), 6);
    EXPECT_EQ(tx.exec1("SELECT count(*) FROM site_settings WHERE desa_id <> 3324012001")[0].as<int>(), 0);
  });
}

TEST_F(Tenancy, ATransactionForOneVillageCannotWriteAnothersRows) {
  auto c = app();
  with_tenant(*c, kBlumah, [&](pqxx::work& tx) {
    EXPECT_EQ(tx.exec("UPDATE pages SET title = 'dibajak' WHERE desa_id = 3324012002").affected_rows(), 0u);
    EXPECT_EQ(tx.exec("DELETE FROM site_settings WHERE desa_id = 3324012002").affected_rows(), 0u);
  });
  EXPECT_EQ(sqlstate_of([&] {
              with_tenant(*c, kBlumah, [&](pqxx::work& tx) {
                tx.exec("INSERT INTO pages (desa_id, slug, title) VALUES (3324012002, 'palsu', 'Palsu')");
              });
            }),
            "42501");
  // Moving one's own row to another village is refused too.
  EXPECT_EQ(sqlstate_of([&] {
              with_tenant(*c, kBlumah, [&](pqxx::work& tx) {
                tx.exec("UPDATE pages SET desa_id = 3324012002 WHERE desa_id = 3324012001");
              });
            }),
            "42501");
  auto o = owner();
  pqxx::work tx(*o);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM pages WHERE desa_id = 3324012002 AND title = 'dibajak'")[0].as<int>(), 0);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM site_settings WHERE desa_id = 3324012002")[0].as<int>(), 1);
}

TEST_F(Tenancy, NoTenantSetSeesZeroRows) {
  auto c = app();
  pqxx::work tx(*c);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM pages")[0].as<int>(), 0);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM site_settings WHERE desa_id = 3324012001")[0].as<int>(), 0);
  // An empty setting (as left by a reset) is no tenant either.
  tx.exec("SELECT set_config('balai.desa_id', '', true)");
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM pages")[0].as<int>(), 0);
}

TEST_F(Tenancy, TheAppRoleCannotReadAPartitionDirectly) {
  auto c = app();
  EXPECT_EQ(sqlstate_of([&] {
              with_tenant(*c, kBlumah, [&](pqxx::work& tx) { tx.exec("SELECT * FROM pages_3324012002"); });
            }),
            "42501");
  EXPECT_EQ(sqlstate_of([&] {
              with_tenant(*c, kBlumah, [&](pqxx::work& tx) { tx.exec("SELECT * FROM pages_3324012001"); });
            }),
            "42501");
}

TEST_F(Tenancy, TheAppRoleCannotSwitchSecurityOff) {
  auto c = app();
  EXPECT_EQ(sqlstate_of([&] {
              pqxx::work tx(*c);
              tx.exec("ALTER TABLE pages DISABLE ROW LEVEL SECURITY");
            }),
            "42501");
  EXPECT_EQ(sqlstate_of([&] {
              pqxx::work tx(*c);
              tx.exec("DROP POLICY tenant_isolation ON pages");
            }),
            "42501");
  EXPECT_EQ(sqlstate_of([&] {
              pqxx::work tx(*c);
              tx.exec("SET LOCAL ROLE balai_owner_test_nonexistent");
            }),
            "22023");
  // With row_security off, a query that policies apply to fails instead of seeing everything.
  EXPECT_EQ(sqlstate_of([&] {
              with_tenant(*c, kBlumah, [&](pqxx::work& tx) {
                tx.exec("SET LOCAL row_security = off");
                tx.exec("SELECT count(*) FROM pages");
              });
            }),
            "42501");
  pqxx::work tx(*c);
  auto role = tx.exec1("SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user");
  EXPECT_FALSE(role[0].as<bool>());
  EXPECT_FALSE(role[1].as<bool>());
  EXPECT_FALSE(role[2].as<bool>());
  EXPECT_FALSE(role[3].as<bool>());
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)")[0].as<int>(), 0);
  EXPECT_EQ(tx.exec1("SHOW plan_cache_mode")[0].as<std::string>(), "force_custom_plan");
}

TEST_F(Tenancy, AnExplicitFilterPlansOntoOnePartition) {
  auto c = app();
  std::string plan = with_tenant(*c, kKediten, [&](pqxx::work& tx) {
    tx.exec("PREPARE page_by_slug(bigint, text) AS SELECT title FROM pages WHERE desa_id = $1 AND slug = $2");
    std::string text;
    for (const auto& row : tx.exec("EXPLAIN EXECUTE page_by_slug(3324012002, 'sejarah')")) text += row[0].as<std::string>() + "\n";
    tx.exec("DEALLOCATE page_by_slug");
    return text;
  });
  EXPECT_NE(plan.find("pages_3324012002"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("pages_3324012001"), std::string::npos) << plan;
  std::size_t scans = 0;
  for (std::size_t at = plan.find(" on pages_"); at != std::string::npos; at = plan.find(" on pages_", at + 1)) ++scans;
  EXPECT_EQ(scans, 1u) << plan;
}
