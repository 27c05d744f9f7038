#include <gtest/gtest.h>

#include "server/core/host.hpp"

using balai::client_address;
using balai::normalize_host;
using balai::parse_cidr;

TEST(NormalizeHost, LowercasesAndStripsPortAndOneTrailingDot) {
  EXPECT_EQ(normalize_host("Blumah.LocalHost:8080"), "blumah.localhost");
  EXPECT_EQ(normalize_host("blumah.localhost."), "blumah.localhost");
  EXPECT_EQ(normalize_host("blumah.localhost.:443"), "blumah.localhost");
  EXPECT_EQ(normalize_host("  kendalkab.go.id "), "kendalkab.go.id");
  EXPECT_EQ(normalize_host("localhost"), "localhost");
}

TEST(NormalizeHost, OnlyOneTrailingDotIsStripped) {
  EXPECT_EQ(normalize_host("blumah.localhost.."), std::nullopt);
}

TEST(NormalizeHost, PunycodePassesThroughUntouched) {
  EXPECT_EQ(normalize_host("xn--desa-bj0a.example.id"), "xn--desa-bj0a.example.id");
  EXPECT_EQ(normalize_host("XN--80AK6AA92E.com"), "xn--80ak6aa92e.com");
}

TEST(NormalizeHost, RejectsMalformedHosts) {
  for (const char* bad : {"", " ", ":8080", "blumah..localhost", ".localhost", "bl mah.localhost", "blumah_x.localhost",
                          "-blumah.localhost", "blumah-.localhost", "blumah.localhost:", "blumah.localhost:99999x",
                          "blumah.localhost:123456", "désa.localhost", "blumah.localhost/x", "a@b.localhost",
                          "blumah.localhost:80:80", "[::1", "[zz]:80", "<script>.localhost"}) {
    EXPECT_EQ(normalize_host(bad), std::nullopt) << "'" << bad << "'";
  }
}

TEST(NormalizeHost, RejectsOverLongNamesAndLabels) {
  std::string label64(64, 'a');
  EXPECT_EQ(normalize_host(label64 + ".localhost"), std::nullopt);
  std::string label63(63, 'a');
  EXPECT_EQ(normalize_host(label63 + ".localhost"), label63 + ".localhost");
  std::string long_name;
  for (int i = 0; i < 50; ++i) long_name += "abcd.";
  long_name += "localhost";  // 259 characters
  EXPECT_EQ(normalize_host(long_name), std::nullopt);
  EXPECT_EQ(normalize_host(std::string(10000, 'a')), std::nullopt);
}

TEST(NormalizeHost, IpLiterals) {
  EXPECT_EQ(normalize_host("127.0.0.1:8080"), "127.0.0.1");
  EXPECT_EQ(normalize_host("[::1]:8080"), "[::1]");
  EXPECT_EQ(normalize_host("[::1]"), "[::1]");
}

TEST(HostPortSuffix, KeepsThePortForLinks) {
  EXPECT_EQ(balai::host_port_suffix("localhost:8080"), ":8080");
  EXPECT_EQ(balai::host_port_suffix("localhost"), "");
  EXPECT_EQ(balai::host_port_suffix("[::1]:81"), ":81");
  EXPECT_EQ(balai::host_port_suffix("localhost:8x"), "");
}

TEST(ClientAddress, PeerUnlessPeerIsTrustedProxy) {
  std::vector<balai::Cidr> trusted = {*parse_cidr("10.0.0.0/8"), *parse_cidr("127.0.0.1")};
  EXPECT_EQ(client_address("203.0.113.9", "1.2.3.4", trusted), "203.0.113.9");
  EXPECT_EQ(client_address("127.0.0.1", "198.51.100.7", trusted), "198.51.100.7");
  // A client-supplied entry to the left of the real one is ignored.
  EXPECT_EQ(client_address("127.0.0.1", "6.6.6.6, 198.51.100.7, 10.1.2.3", trusted), "198.51.100.7");
  // All hops trusted: the left-most trusted proxy is all we know; fall back to the peer.
  EXPECT_EQ(client_address("127.0.0.1", "10.0.0.5", trusted), "127.0.0.1");
  EXPECT_EQ(client_address("127.0.0.1", "", trusted), "127.0.0.1");
  EXPECT_EQ(client_address("127.0.0.1", "not-an-ip", trusted), "127.0.0.1");
  EXPECT_EQ(client_address("127.0.0.1", "198.51.100.7", {}), "127.0.0.1");
}

TEST(Cidr, ParsesAndMatches) {
  auto net = parse_cidr("192.168.0.0/16");
  ASSERT_TRUE(net);
  EXPECT_TRUE(balai::cidr_contains(*net, "192.168.44.1"));
  EXPECT_FALSE(balai::cidr_contains(*net, "192.169.0.1"));
  EXPECT_TRUE(balai::cidr_contains(*parse_cidr("::1"), "::1"));
  EXPECT_TRUE(balai::cidr_contains(*parse_cidr("127.0.0.1"), "::ffff:127.0.0.1"));
  EXPECT_FALSE(parse_cidr("10.0.0.0/33"));
  EXPECT_FALSE(parse_cidr("10.0.0/8"));
  EXPECT_FALSE(parse_cidr("example.com"));
}
