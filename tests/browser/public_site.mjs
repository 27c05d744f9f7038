// A visitor on a small phone with JavaScript off: the village site reads,
// navigates, searches and takes a complaint with a tracking code.
// Usage: node public_site.mjs PORT   (a Balai server on 127.0.0.1:PORT)
import { chromium } from "playwright-core";
import assert from "node:assert/strict";

const port = process.argv[2];
const site = `http://blumah.localhost:${port}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});
let failures = 0;
async function check(name, fn) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, javaScriptEnabled: false,
                                             locale: "id-ID", isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  try {
    await fn(page);
    assert.deepEqual(errors, [], "no errors in the browser console");
    console.log(`ok - ${name}`);
  } catch (e) {
    failures++;
    console.log(`not ok - ${name}\n  ${String(e.stack || e).split("\n").join("\n  ")}`);
    await page.screenshot({ path: `/tmp/balai-browser-${name.replace(/\W+/g, "-")}.png`, fullPage: true }).catch(() => {});
  } finally {
    await context.close();
  }
}

await check("home page fits a 360 px phone and shows its pictures", async (page) => {
  const res = await page.goto(site + "/", { waitUntil: "load" });
  assert.equal(res.status(), 200);
  assert.match(await page.title(), /Desa Blumah/);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `no sideways scrolling (page is ${width} px wide)`);
  const hero = page.locator("img.latar");
  await hero.waitFor();
  const loaded = await hero.evaluate((img) => img.complete && img.naturalWidth > 0 ? img.currentSrc : "");
  assert.match(loaded, /\/media\/[0-9a-f]{32}-\d+\.webp$/, "the hero picture loaded, as WebP");
  // At 2x on a 360 px screen the browser picks a width that is sharp but not the largest.
  assert.ok(!loaded.endsWith("-1280.webp") || (await hero.evaluate((img) => img.sizes)).includes("100vw"));
  const box = await page.locator("h1").boundingBox();
  assert.ok(box && box.y < 740, "the village name is on the first screen");
  // The first thing a keyboard reaches is the skip link, and it leads to the content.
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("href")), "#isi");
});

await check("a news card leads to its article, with the same title", async (page) => {
  await page.goto(site + "/berita");
  const link = page.locator("article.kartu h3 a").first();
  const title = (await link.textContent()).trim();
  await link.click();
  await page.waitForLoadState("load");
  assert.match(page.url(), /\/berita\/\d{4}\/\d{2}\/[a-z0-9-]+$/);
  assert.equal((await page.locator("h1").textContent()).trim(), title);
  const share = await page.locator("a[href^='https://wa.me/?text=']").count();
  assert.equal(share, 1, "a WhatsApp share link");
});

await check("search finds news by a word's root", async (page) => {
  await page.goto(site + "/cari");
  await page.fill("#q", "bangun");
  await page.click("form[role=search] button");
  await page.waitForLoadState("load");
  assert.match(page.url(), /\/cari\?q=bangun/);
  const results = await page.locator("ul.hasil li").count();
  assert.ok(results > 0, "at least one result for 'bangun'");
});

await check("a complaint sent without JavaScript gets a tracking code that shows its status", async (page) => {
  await page.goto(site + "/layanan");
  await page.fill("#pengaduan-nama", "Sri Rahayu");
  await page.fill("#pengaduan-kontak", "081234567890");
  await page.fill("#pengaduan-isi", "Lampu penerangan jalan di depan balai dusun padam sejak minggu lalu.");
  const question = await page.locator("label[for=pengaduan-jawaban]").textContent();
  const [, a, b] = question.match(/(\d+)\s*\+\s*(\d+)/);
  await page.fill("#pengaduan-jawaban", String(Number(a) + Number(b)));
  await page.locator("#pengaduan-jawaban").press("Enter");
  await page.waitForLoadState("load");
  const text = await page.locator("main").textContent();
  assert.match(text, /telah diterima/);
  const code = text.match(/Kode lacak Anda: ([A-Z0-9]{10})/)[1];
  await page.goto(site + "/layanan");
  await page.fill("#kode", code.toLowerCase());
  await page.locator("#kode").press("Enter");
  await page.waitForLoadState("load");
  const status = await page.locator("main").textContent();
  assert.match(status, new RegExp(code));
  assert.match(status, /Diterima/);
});

await check("the gallery opens an album of photos", async (page) => {
  await page.goto(site + "/galeri");
  await page.locator("a[href^='/galeri/']").first().click();
  await page.waitForLoadState("load");
  const photos = page.locator("ul.galeri img");
  assert.ok((await photos.count()) >= 3);
  await photos.first().scrollIntoViewIfNeeded();
  await page.waitForFunction(() => { const i = document.querySelector("ul.galeri img"); return i.complete && i.naturalWidth > 0; });
});

await browser.close();
process.exit(failures ? 1 : 0);
