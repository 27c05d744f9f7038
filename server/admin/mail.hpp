// Outgoing email through the regency's SMTP server (libcurl), for password
// recovery. Optional: without an SMTP URL nothing is sent.
#pragma once
#include <string>

namespace balai::admin {

struct MailConfig {
  std::string url;       // smtp://host:587 (STARTTLS when offered) or smtps://host:465; empty: no email
  std::string from;      // "Diskominfo Kendal <noreply@kendalkab.go.id>" or a bare address
  std::string user, password;  // from the environment only; never logged
  bool configured() const { return !url.empty() && !from.empty(); }
};

// Sends one plain-text UTF-8 message; returns an empty string or the reason
// it failed (for the server log, without credentials).
std::string send_mail(const MailConfig& config, const std::string& to, const std::string& subject, const std::string& body);

// The bare address of "Name <addr>" or of "addr".
std::string mail_address(const std::string& from);

}  // namespace balai::admin
