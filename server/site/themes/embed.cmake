# Writes OUT: a C++ file holding every file under DIR (templates, CSS, the
# message catalogue) by its relative path.
file(GLOB_RECURSE files RELATIVE "${DIR}" "${DIR}/*.mustache" "${DIR}/*.css" "${DIR}/*.json")
list(SORT files)
set(body "#include \"server/site/theme.hpp\"\nnamespace balai::site {\nconst std::map<std::string, std::string>& embedded_theme_files() {\n  static const std::map<std::string, std::string> all = {\n")
foreach(f IN LISTS files)
  file(READ "${DIR}/${f}" text)
  string(APPEND body "    {\"${f}\", R\"balai_tpl(${text})balai_tpl\"},\n")
endforeach()
string(APPEND body "  };\n  return all;\n}\n}  // namespace balai::site\n")
file(WRITE "${OUT}.tmp" "${body}")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
