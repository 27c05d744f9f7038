// A Diskominfo superadmin at a desk: signs in with a temporary password, is
// made to change it and to enrol two-factor (the code computed here from the
// secret the page shows), sees every village's activity band, filters by
// kecamatan and band, opens a village, creates an admin account for it and
// issues a recovery code, acts as the village ("Masuk sebagai desa") with
// the banner showing and ends it, opens the printable follow-up list, and
// checks a newer kode wilayah file (without applying it).
// Also: the console is a lazily loaded chunk, a phone gets no sideways
// scrolling, and nothing is logged to the console (CSP included).
// Usage: node console.mjs PORT USERNAME TEMPORARY_PASSWORD
// Env: CHROMIUM (default /usr/bin/chromium); BALAI_SCREENSHOTS (directory for
// console-*.png, none when unset); BALAI_DESA, BALAI_KECAMATAN (the village
// and its kecamatan to work on, default Blumah in Plantungan).
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const [port, username, temporary] = process.argv.slice(2);
if (!port || !username || !temporary) {
  console.error("usage: node console.mjs PORT USERNAME TEMPORARY_PASSWORD");
  process.exit(2);
}
const admin = `http://admin.localhost:${port}`;
const desa = process.env.BALAI_DESA || "Blumah";
const kecamatan = process.env.BALAI_KECAMATAN || "Plantungan";
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});
let failures = 0;
const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: "id-ID", timezoneId: "Asia/Jakarta" });
const page = await context.newPage();
page.setDefaultTimeout(15000);
// Confirmation dialogs ("Buat kode pemulihan …?") are answered yes.
page.on("dialog", (d) => void d.accept());
const problems = [];
// The app asks /api/sesi first; before signing in that answers 401, which Chromium logs.
page.on("console", (m) => { if (m.type() === "error" && !/status of 401/.test(m.text())) problems.push(m.text()); });
page.on("pageerror", (e) => problems.push(String(e)));
const scripts = [];
page.on("response", (r) => {
  if (r.url().endsWith(".js") && r.request().frame() === page.mainFrame()) scripts.push(r);
});

async function step(name, fn) {
  try {
    await fn();
    console.log(`ok - ${name}`);
  } catch (e) {
    failures++;
    console.log(`not ok - ${name}\n  ${String(e.stack || e).split("\n").join("\n  ")}`);
    await page.screenshot({ path: `/tmp/balai-console-${name.replace(/\W+/g, "-")}.png`, fullPage: true }).catch(() => {});
  }
}

const shots = process.env.BALAI_SCREENSHOTS || "";
if (shots) mkdirSync(shots, { recursive: true });
const shot = (name) => (shots ? page.screenshot({ path: `${shots}/console-${name}.png`, fullPage: true }) : Promise.resolve());

// RFC 6238 code (SHA-1, 6 digits, 30 s) from a base32 secret.
function totp(secret, at = Date.now()) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of secret.replace(/[\s=]/g, "").toUpperCase()) {
    const v = alphabet.indexOf(c);
    assert.ok(v >= 0, `not base32: ${secret}`);
    bits += v.toString(2).padStart(5, "0");
  }
  const key = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) key.push(parseInt(bits.slice(i, i + 8), 2));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const mac = createHmac("sha1", Buffer.from(key)).update(counter).digest();
  const o = mac[mac.length - 1] & 15;
  return String((mac.readUInt32BE(o) & 0x7fffffff) % 1000000).padStart(6, "0");
}

// Waits until fn() returns something truthy (re-reading the page each time).
async function until(fn, what, timeout = 10000) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    last = await fn().catch((e) => e);
    if (last && !(last instanceof Error)) return last;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ""}`);
    await page.waitForTimeout(150);
  }
}

const table = page.getByTestId("tabel-desa");
const cells = (n) => table.locator(`tbody tr > :nth-child(${n})`).allTextContents();

await step("sign-in, forced password change and two-factor enrolment lead to the console", async () => {
  const res = await page.goto(admin + "/", { waitUntil: "load" });
  assert.equal(res.status(), 200);
  assert.doesNotMatch(res.headers()["content-security-policy"] || "", /unsafe-inline/);
  await page.getByLabel("Nama pengguna").fill(username);
  await page.getByLabel("Kata sandi", { exact: true }).fill(temporary);
  await page.getByRole("button", { name: "Masuk" }).click();
  await page.getByLabel("Kata sandi baru", { exact: true }).waitFor();
  await page.getByLabel("Kata sandi lama").fill(temporary);
  await page.getByLabel("Kata sandi baru", { exact: true }).fill("Menara-Pandang-Kendal-24");
  await page.getByLabel("Ulangi kata sandi baru").fill("Menara-Pandang-Kendal-24");
  await page.getByRole("button", { name: "Simpan kata sandi" }).click();
  // A Diskominfo role cannot reach the console before two-factor is on.
  await page.getByRole("heading", { name: "Aktifkan verifikasi dua langkah" }).waitFor();
  await shot("1-wajib-dua-langkah");
  await page.getByRole("button", { name: "Aktifkan verifikasi dua langkah" }).click();
  const secret = (await page.getByTestId("rahasia-totp").textContent()).replace(/\s+/g, "");
  assert.match(secret, /^[A-Z2-7]{16,}$/);
  await page.getByRole("img", { name: /Kode QR/ }).waitFor();
  // Not at the very end of a 30-second step, so the code is still current when it arrives.
  if (Date.now() % 30000 > 26000) await page.waitForTimeout(30000 - (Date.now() % 30000) + 200);
  await page.getByLabel("Kode dari aplikasi").fill(totp(secret));
  await page.getByRole("button", { name: "Aktifkan", exact: true }).click();
  await page.getByTestId("kode-cadangan").waitFor();
  await page.getByRole("button", { name: "Sudah saya simpan" }).click();
  await page.getByRole("heading", { name: "Ringkasan desa" }).waitFor();
  assert.ok(scripts.some((r) => /\/Konsol-[\w-]+\.js$/.test(r.url())), "the console is its own chunk");
});

await step("the first JavaScript is at most 150 KB gzip; the console came later", async () => {
  const first = scripts.filter((r) => /\/index-[\w-]+\.js$/.test(r.url()));
  assert.ok(first.length > 0);
  const size = gzipSync(await first[0].body()).length;
  assert.ok(size <= 150 * 1024, `initial JS ${Math.round(size / 1024)} KB gzip`);
});

await step("the village table shows every village with its activity band", async () => {
  await page.getByRole("button", { name: "Hitung ulang keaktifan" }).click();
  await page.getByText(/sudah dihitung ulang/).first().waitFor();
  await table.waitFor();
  const rows = await table.locator("tbody tr").count();
  assert.ok(rows > 0, "villages listed");
  const bands = await cells(2);
  assert.ok(bands.every((b) => /^.?(Aktif|Kurang aktif|Tidak aktif)$/.test(b.trim())), `bands: ${bands.slice(0, 5)}`);
  await page.getByRole("link", { name: "Unduh CSV" }).waitFor();
  await shot("2-ringkasan-desa");
});

await step("filtering by kecamatan and by band", async () => {
  await page.getByLabel("Kecamatan", { exact: true }).selectOption({ label: kecamatan });
  await until(async () => {
    if (!/kecamatan=\d+/.test(page.url())) return false;
    const k = await cells(3);
    return k.length > 0 && k.every((t) => t.trim() === kecamatan);
  }, `only ${kecamatan}'s villages`);
  // The band with the most villages there; the table then shows only that band, as many as the summary says.
  const cards = page.locator(".ringkasan-pita li");
  let best = { label: "", n: -1 };
  for (const [i, label] of ["Aktif", "Kurang aktif", "Tidak aktif"].entries()) {
    const n = Number(((await cards.nth(i).locator("strong").textContent()) || "0").replace(/\D/g, ""));
    if (n > best.n) best = { label, n };
  }
  await page.getByLabel("Keaktifan", { exact: true }).selectOption({ label: best.label });
  await until(async () => {
    if (!/pita=/.test(page.url())) return false;
    const b = await cells(2);
    return b.length === Math.min(best.n, 50) && b.every((t) => t.trim().endsWith(best.label));
  }, `only "${best.label}" villages (${best.n})`);
  await shot("3-saring");
  await page.getByLabel("Keaktifan", { exact: true }).selectOption({ label: "Semua" });
  await until(async () => !/pita=/.test(page.url()) && (await cells(3)).length > 0, "the band filter cleared");
});

const suffix = Date.now() % 100000;
const adminName = `Sri Wahyuni ${suffix}`;
await step("a village's page: a new admin account and a recovery code for it", async () => {
  await page.getByRole("link", { name: `Desa ${desa}`, exact: true }).click();
  await page.getByRole("heading", { name: `Desa ${desa}`, level: 1 }).waitFor();
  await page.getByRole("button", { name: "Tampilkan akun desa" }).click();
  await page.getByRole("button", { name: "Tambah akun desa" }).click();
  await page.getByLabel("Nama pengguna (untuk masuk)").fill(`admin.konsol.${suffix}`);
  await page.getByLabel("Nama lengkap").fill(adminName);
  await page.getByLabel("Nomor telepon/WhatsApp").fill("0812 3456 7890");
  await page.getByRole("button", { name: "Buat akun" }).click();
  assert.match(await page.getByTestId("sandi-sementara").textContent(), /\S{6,}/);
  await page.getByRole("button", { name: "Selesai", exact: true }).click();
  await page.getByRole("button", { name: `Buat kode pemulihan untuk ${adminName}` }).click();
  const code = page.getByTestId("kode-pemulihan");
  await code.waitFor();
  assert.match(await code.textContent(), /\S{6,}/);
  await shot("4-kode-pemulihan");
});

await step("Masuk sebagai desa shows the banner on the village screens, and Selesai ends it", async () => {
  await page.getByLabel("Alasan", { exact: true }).fill("Uji konsol: tiket 1, cek beranda desa");
  await page.getByRole("button", { name: "Masuk sebagai desa" }).click();
  const banner = page.getByTestId("pita-menyamar");
  await banner.waitFor();
  assert.match(await banner.textContent(), new RegExp(`Anda masuk sebagai Desa ${desa}`));
  assert.match(await banner.textContent(), /Uji konsol: tiket 1/);
  await page.getByRole("heading", { name: /^Halo/ }).waitFor();
  await shot("5-masuk-sebagai-desa");
  // Still there on another village screen.
  await page.getByRole("link", { name: "Berita", exact: true }).first().click();
  await page.getByRole("heading", { name: "Berita", level: 1 }).waitFor();
  await banner.waitFor();
  await banner.getByRole("button", { name: /Selesai/ }).click();
  await page.getByRole("heading", { name: `Desa ${desa}`, level: 1 }).waitFor();
  assert.equal(await banner.count(), 0);
});

await step("the follow-up list by kecamatan, printable, with WhatsApp links", async () => {
  await page.getByRole("navigation", { name: "Menu konsol" }).getByRole("link", { name: "Tindak lanjut" }).click();
  await page.getByRole("heading", { name: "Tindak lanjut", level: 1 }).waitFor();
  await page.getByRole("button", { name: "Cetak daftar" }).waitFor();
  await page.locator(".kelompok-tindak, .kosong").first().waitFor();
  for (const wa of await page.getByRole("link", { name: /WhatsApp/ }).all()) {
    assert.match(await wa.getAttribute("href"), /^https:\/\/wa\.me\/\d+/);
    assert.equal(await wa.getAttribute("target"), "_blank");
    assert.match(await wa.getAttribute("rel"), /noopener/);
  }
  await shot("6-tindak-lanjut");
  await page.emulateMedia({ media: "print" });
  assert.equal(await page.getByRole("navigation", { name: "Menu konsol" }).isVisible(), false, "no menu on paper");
  await page.emulateMedia({ media: "screen" });
});

await step("the kecamatan ranking and the 12-week trend chart", async () => {
  await page.getByRole("navigation", { name: "Menu konsol" }).getByRole("link", { name: "Kecamatan" }).click();
  await page.getByRole("heading", { name: "Kecamatan", level: 1 }).waitFor();
  await page.getByRole("img", { name: /Desa aktif per minggu/ }).waitFor();
  await page.getByRole("link", { name: kecamatan }).first().waitFor();
  await shot("7-kecamatan");
});

await step("on a phone the console does not scroll sideways", async () => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(admin + "/#/", { waitUntil: "load" });
  await table.waitFor();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `usable at 360 px without sideways page scrolling (${width} px)`);
  await shot("8-ponsel");
});

await step("Kode wilayah: a newer national file's changes are listed (not applied)", async () => {
  await page.setViewportSize({ width: 1280, height: 860 });
  await page.getByRole("navigation", { name: "Menu konsol" }).getByRole("link", { name: "Kode wilayah" }).click();
  await page.getByRole("heading", { name: "Kode wilayah", level: 1 }).waitFor();
  const original = readFileSync(new URL("../../tenants/data/kendal.csv", import.meta.url), "utf8");
  const csv = original.replace(/^33\.24\.07\.2001,Medono,/m, "33.24.07.2040,Medono,");
  assert.notEqual(csv, original, "Medono's line is in kendal.csv");
  await page.getByLabel("Berkas kode wilayah (CSV)").setInputFiles({ name: "kode-wilayah.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Periksa perubahan" }).click();
  const changed = page.getByRole("region", { name: /^Kode berubah/ });
  const medono = changed.getByRole("listitem").filter({ hasText: "Medono" });
  await medono.waitFor();
  assert.match(await medono.textContent(), /Medono\D*33\.24\.07\.2001\D+33\.24\.07\.2040/);
  await page.getByRole("button", { name: "Terapkan perubahan" }).waitFor();  // offered, not pressed: the database is shared
  await shot("9-kode-wilayah");
});

await step("no errors in the console (CSP included)", async () => {
  assert.deepEqual(problems, []);
});

await browser.close();
process.exit(failures ? 1 : 0);
