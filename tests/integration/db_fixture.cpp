#include "tests/integration/db_fixture.hpp"

#include <unistd.h>

#include <cstdlib>
#include <random>

#include "server/db/pool.hpp"

namespace balai::testing {

std::string DbTest::db_name_;

namespace {

std::string env_or_die(const char* name) {
  const char* v = std::getenv(name);
  if (!v || !*v) {
    ADD_FAILURE() << name << " is not set: run the integration tests through ./balai.sh test";
    return "";
  }
  return v;
}

// Base connection string without dbname: "host=/path port=N".
std::string base() { return env_or_die("BALAI_TEST_PG"); }

}  // namespace

void DbTest::SetUpTestSuite() {
  std::random_device rd;
  db_name_ = "balai_it_" + std::to_string(getpid()) + "_" + std::to_string(rd() % 100000);
  pqxx::connection admin(base() + " dbname=postgres user=" + env_or_die("BALAI_TEST_OWNER"));
  pqxx::nontransaction tx(admin);
  tx.exec("CREATE DATABASE " + db_name_ + " TEMPLATE " + env_or_die("BALAI_TEST_TEMPLATE") + " STRATEGY FILE_COPY");
}

void DbTest::TearDownTestSuite() {
  pqxx::connection admin(base() + " dbname=postgres user=" + env_or_die("BALAI_TEST_OWNER"));
  pqxx::nontransaction tx(admin);
  // A closed client connection's backend exits a moment after the client is
  // gone. The owner may not terminate backends of balai_app (FORCE would then
  // fail), so wait for them to leave first.
  for (int i = 0; i < 100; ++i) {
    auto left = tx.exec1("SELECT count(*) FROM pg_stat_activity WHERE datname = " + tx.quote(db_name_))[0].as<int>();
    if (left == 0) break;
    ::usleep(50'000);
  }
  tx.exec("DROP DATABASE IF EXISTS " + db_name_ + " WITH (FORCE)");
}

std::string DbTest::owner_url() { return base() + " dbname=" + db_name_ + " user=" + env_or_die("BALAI_TEST_OWNER"); }
std::string DbTest::app_url() { return base() + " dbname=" + db_name_ + " user=balai_app"; }
std::unique_ptr<pqxx::connection> DbTest::owner() { return db::connect(owner_url(), "balai-test-owner"); }
std::unique_ptr<pqxx::connection> DbTest::app() { return db::connect(app_url(), "balai-test-app"); }

}  // namespace balai::testing
