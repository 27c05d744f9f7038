#include <gtest/gtest.h>

#include "tenants/directory.hpp"

using namespace balai;

namespace {

Directory sample() {
  Directory d;
  d.kabupaten_nama = "Kabupaten Kendal";
  d.kecamatan = {{332401, "33.24.01", "Plantungan", "plantungan"}};
  DesaEntry blumah{3324012001, "33.24.01.2001", "Blumah", "desa", "blumah", "active", 0, ""};
  DesaEntry kediten{3324012002, "33.24.01.2002", "Kediten", "desa", "kediten", "active", 0, "kediten.desa.id"};
  d.desa = {blumah, kediten};
  d.domains = {{"kediten.desa.id", 3324012002}, {"kediten.example.org", 3324012002}};
  d.index();
  return d;
}

}  // namespace

TEST(ResolveHost, PortalVillageAndCustomDomain) {
  auto d = sample();
  EXPECT_EQ(resolve_host(d, "localhost", "localhost").target, Target::portal);
  auto r = resolve_host(d, "blumah.localhost", "localhost");
  ASSERT_EQ(r.target, Target::village);
  EXPECT_EQ(r.desa->id, 3324012001);
  r = resolve_host(d, "kediten.desa.id", "localhost");
  ASSERT_EQ(r.target, Target::village);
  EXPECT_EQ(r.desa->id, 3324012002);
}

TEST(ResolveHost, OtherNamesOfAVillageRedirectToItsPrimaryDomain) {
  auto d = sample();
  for (const char* h : {"kediten.example.org", "kediten.localhost"}) {
    auto r = resolve_host(d, h, "localhost");
    EXPECT_EQ(r.target, Target::redirect) << h;
    EXPECT_EQ(r.redirect_host, "kediten.desa.id") << h;
    EXPECT_EQ(r.desa->id, 3324012002) << h;
  }
}

TEST(ResolveHost, WwwRedirectsToThePrimaryHost) {
  auto d = sample();
  auto r = resolve_host(d, "www.blumah.localhost", "localhost");
  EXPECT_EQ(r.target, Target::redirect);
  EXPECT_EQ(r.redirect_host, "blumah.localhost");
  r = resolve_host(d, "www.kediten.example.org", "localhost");
  EXPECT_EQ(r.target, Target::redirect);
  EXPECT_EQ(r.redirect_host, "kediten.desa.id");
  EXPECT_EQ(resolve_host(d, "www.localhost", "localhost").redirect_host, "localhost");
}

TEST(ResolveHost, UnknownHostsNeverReachAVillage) {
  auto d = sample();
  for (const char* h : {"evil.test", "blumah.localhost.evil.test", "blumah.evil.test", "x.blumah.localhost",
                        "www.www.blumah.localhost", "localhost.evil", "blumahlocalhost", "nope.localhost", "[::1]",
                        "127.0.0.1", "ocalhost", "kediten.desa.id.evil.test"}) {
    auto r = resolve_host(d, h, "localhost");
    EXPECT_EQ(r.target, Target::unknown) << h;
    EXPECT_EQ(r.desa, nullptr) << h;
  }
}
