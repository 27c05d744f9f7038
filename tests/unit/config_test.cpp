#include <gtest/gtest.h>

#include <map>

#include "server/core/config.hpp"

using namespace balai;

namespace {

std::map<std::string, std::string> fake_env;
std::string fake_getenv(const char* name) {
  auto it = fake_env.find(name);
  return it == fake_env.end() ? "" : it->second;
}

Args args_of(std::vector<std::string> v) {
  Args a;
  EXPECT_FALSE(parse_args(v, {"help"}, a));
  return a;
}

}  // namespace

TEST(ServeConfig, FlagsWinOverEnvironment) {
  fake_env = {{"BALAI_DATABASE_URL", "dbname=x"}, {"BALAI_PORT", "9000"}, {"BALAI_BASE_DOMAIN", "kendalkab.go.id"}};
  std::vector<std::string> errors;
  auto c = load_serve_config(args_of({"serve", "--port", "8081", "--trusted-proxy=127.0.0.1,10.0.0.0/8"}), fake_getenv, errors);
  ASSERT_TRUE(c) << (errors.empty() ? "" : errors[0]);
  EXPECT_EQ(c->port, 8081);
  EXPECT_EQ(c->base_domain, "kendalkab.go.id");
  EXPECT_EQ(c->time_zone, "Asia/Jakarta");
  EXPECT_EQ(c->trusted_proxies.size(), 2u);
  EXPECT_GE(c->threads, 1u);
}

TEST(ServeConfig, EveryProblemIsReported) {
  fake_env = {};
  std::vector<std::string> errors;
  auto c = load_serve_config(args_of({"serve", "--port", "70000", "--base-domain", "Bad_Domain", "--threads", "0",
                                      "--time-zone", "Mars/Olympus", "--trusted-proxy", "proxy.local", "--listen", "x"}),
                             fake_getenv, errors);
  EXPECT_FALSE(c);
  std::string all;
  for (const auto& e : errors) all += e + "\n";
  for (const char* what : {"--port", "--base-domain", "--threads", "--time-zone", "--trusted-proxy", "--listen", "--database-url"})
    EXPECT_NE(all.find(what), std::string::npos) << what << " not reported in:\n" << all;
}

TEST(Args, OptionsFlagsAndPositionals) {
  Args a;
  EXPECT_FALSE(parse_args({"desa", "import", "--kode", "33.24", "file.csv", "--help"}, {"help"}, a));
  EXPECT_EQ(a.positional, (std::vector<std::string>{"desa", "import", "file.csv"}));
  EXPECT_EQ(a.get("kode"), "33.24");
  EXPECT_TRUE(a.has("help"));
  Args b;
  EXPECT_TRUE(parse_args({"desa", "import", "--kode"}, {}, b));
}
