// Integration fixture: a fresh database cloned from the provisioned template
// per test suite, with connections as the owner and as the application role.
#pragma once
#include <gtest/gtest.h>

#include <memory>
#include <pqxx/pqxx>
#include <string>

namespace balai::testing {

class DbTest : public ::testing::Test {
 public:
  static void SetUpTestSuite();
  static void TearDownTestSuite();

 protected:
  static std::string owner_url();
  static std::string app_url();
  static std::unique_ptr<pqxx::connection> owner();
  static std::unique_ptr<pqxx::connection> app();
  static std::string db_name_;
};

}  // namespace balai::testing
