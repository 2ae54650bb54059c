/* The header search box (overrides/partials/search.html) over the Pagefind index that
 * scripts/kb/search_index.py builds after `mkdocs build`: one bundle per language
 * (pagefind/en/, pagefind/fr/), each searched with its own stemmer, results merged by score.
 *
 * Nothing is fetched before the reader opens search. Keyboard: "/" or "s" opens it (as in
 * Material), arrow keys move through the results, Enter follows one, Escape closes.
 * window.kbSearch.query(text) returns the results the box would show (benchmarks, tests).
 */
(() => {
  "use strict";
  const box = document.querySelector("[data-kb-search]");
  const toggle = document.getElementById("__search");
  if (!box || !toggle) return;
  const input = box.querySelector("input[name=query]");
  const status = box.querySelector("#kb-search-status");
  const list = box.querySelector("#kb-search-results");
  const more = box.querySelector(".kb-search__more");
  const filterBox = box.querySelector(".kb-search__filters");
  const selects = [...box.querySelectorAll("select[data-kb-filter]")];
  const PAGE = 10;
  const GUESSES = 3; // failed matches in a row that show a bundle is only guessing

  // The site's root, from Material's configuration (relative to the page first loaded;
  // instant navigation keeps this script, so it is worked out once).
  const config = JSON.parse(document.getElementById("__config")?.textContent || "{}");
  const root = new URL((config.base || ".") + "/", location.href);
  const bundles = (box.dataset.kbBundles || "").split(" ").filter(Boolean);

  let engines = null;
  function load() {
    if (!engines) {
      // Each bundle with its own pagefind.js: an instance made from another bundle's script
      // runs that bundle's worker, which fails on this bundle's language ("unreachable").
      engines = Promise.all(bundles.map(async (language) => {
        const base = new URL(`pagefind/${language}/`, root).pathname;
        const pagefind = await import(base + "pagefind.js");
        const instance = pagefind.createInstance({ basePath: base, baseUrl: root.pathname, excerptLength: 24 });
        await instance.init();
        return instance;
      }));
    }
    return engines;
  }

  // Accents and case never decide a match (Pagefind 1.5 folds accents the same way).
  const fold = (text) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  const words = (text) => fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);

  // Pagefind answers a word it does not know with words sharing only its first letters
  // ("ethique" -> "et"). A passage counts when a highlighted word starts like a query word:
  // all but its last three letters, at least three and at most six of them (stems differ
  // in their endings: "aurez"/"aura", "deployer"/"deployment", "competences"/"competent").
  function matches(excerpt, terms) {
    const marked = [...excerpt.matchAll(/<mark>(.*?)<\/mark>/g)].flatMap((m) => words(m[1]));
    return marked.some((word) => terms.some((term) => {
      const need = Math.min(term.length, Math.max(3, Math.min(term.length - 3, 6)));
      return word.slice(0, need) === term.slice(0, need);
    }));
  }

  const bestLocation = (located) =>
    [...located].sort((a, b) => b.balanced_score - a.balanced_score)[0]?.location ?? 0;
  const clean = (title) => (title || "").replace(/¶$/, "").trim();

  function chosenFilters() {
    const filters = {};
    for (const select of selects) if (select.value) filters[select.dataset.kbFilter] = select.value;
    return filters;
  }

  // The passage to show for a page (its best section that really matches), where the link
  // should land, and what to say about it; null when nothing on the page really matches.
  function describe(data, terms) {
    const sections = data.sub_results.filter((s) => matches(s.excerpt, terms));
    if (!sections.length && !matches(data.excerpt, terms)) return null;
    const section = sections.sort((a, b) =>
      Math.max(...b.weighted_locations.map((l) => l.balanced_score), 0)
      - Math.max(...a.weighted_locations.map((l) => l.balanced_score), 0))[0];
    const excerpt = section ? section.excerpt : data.excerpt;
    const title = clean(data.meta.title) || data.url;
    const speakers = data.meta.kb_speakers ? JSON.parse(data.meta.kb_speakers) : null;
    const paragraphs = data.anchors.filter((a) => a.element === "div");
    const at = bestLocation(section ? section.weighted_locations : data.weighted_locations);
    const before = paragraphs.filter((a) => a.location <= at);
    if (speakers && before.length) {
      // A transcript hit: its paragraph, and its speaker (the last turn started by then).
      const paragraph = before[before.length - 1];
      const turn = before.map((a) => a.id).reverse().find((id) => id in speakers);
      return { title, excerpt, kind: "transcript", url: data.url.split("#")[0] + "#" + paragraph.id,
               context: `${turn ? speakers[turn] : "Unknown speaker"}, in this interview` };
    }
    const heading = section && clean(section.title) !== title ? clean(section.title) : "";
    return { title, excerpt, kind: "page", url: section ? section.url : data.url, context: heading };
  }

  // A search: its results are described (which costs one fragment download each) only as
  // the reader asks for them, PAGE at a time.
  async function search(text, filters = {}) {
    const terms = words(text);
    const found = terms.length
      ? await Promise.all((await load()).map((engine) => engine.search(text, { filters }))) : [];
    // Scores from different bundles are not on one scale (a bundle of one French talk
    // scores low): each bundle's scores count relative to its best result.
    const ranked = found.flatMap((f, bundle) => {
      const top = Math.max(...f.results.map((r) => r.score), 0) || 1;
      return f.results.map((r) => ({ result: r, rank: r.score / top, bundle }));
    }).sort((a, b) => b.rank - a.rank);
    // A bundle that does not know the query's word answers with prefix guesses only (at
    // 500 interviews the French bundle gave 100 pages matching "et" for "ethique"), all
    // ranked near its best: once GUESSES of its results have failed the match and none has
    // passed, the rest of that bundle is skipped, so it cannot use up the pages looked at
    // before the other bundle's real matches (the Ethics page).
    const passed = found.map(() => 0);
    const failed = found.map(() => 0);
    const guessing = (bundle) => passed[bundle] === 0 && failed[bundle] >= GUESSES;
    let next = 0;
    const results = [];
    const skipGuesses = () => {
      while (next < ranked.length && guessing(ranked[next].bundle)) next++;
    };
    return {
      results,
      done: () => { skipGuesses(); return next >= ranked.length || results.length === 0; },
      async more(count = PAGE) {
        const want = results.length + count;
        // Pagefind's prefix guesses can fill the ranking with pages that do not match: look
        // at no more than three pages per result wanted, then stop (and say so).
        let looked = 0;
        while (results.length < want && looked < 3 * count) {
          const batch = [];
          while (batch.length < Math.min(want - results.length, 3 * count - looked)) {
            skipGuesses();
            if (next >= ranked.length) break;
            batch.push(ranked[next++]);
          }
          if (!batch.length) break;
          looked += batch.length;
          const described = await Promise.all(batch.map(async ({ result, rank, bundle }) => {
            const shown = describe(await result.data(), terms);
            if (shown) passed[bundle]++; else failed[bundle]++;
            return shown && { ...shown, rank };
          }));
          results.push(...described.filter(Boolean));
        }
        return results;
      },
    };
  }

  async function query(text, count = PAGE) {
    const found = await search(text);
    return found.more(count);
  }

  // Pagefind's excerpt is page text with <mark> around the matches. Transcripts come from
  // strangers: keep only text and <mark>, so nothing in an excerpt can become live HTML.
  function excerptOf(html) {
    const parsed = document.createElement("template");
    parsed.innerHTML = html; // inert: a template's content never runs or loads anything
    const p = document.createElement("p");
    for (const node of parsed.content.childNodes) {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        p.append(mark);
      } else {
        p.append(document.createTextNode(node.textContent));
      }
    }
    return p;
  }

  function item(result) {
    const li = document.createElement("li");
    li.className = "md-search-result__item";
    const a = document.createElement("a");
    a.className = "md-search-result__link";
    a.href = result.url;
    a.dataset.kbKind = result.kind;
    const article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    const h = document.createElement("h1");
    h.textContent = result.title;
    article.append(h);
    if (result.context) {
      const p = document.createElement("p");
      p.className = "kb-search__context";
      p.textContent = result.context;
      article.append(p);
    }
    article.append(excerptOf(result.excerpt));
    a.append(article);
    li.append(a);
    return li;
  }

  let current = null;
  let latest = 0;
  async function run() {
    const text = input.value.trim();
    const ticket = ++latest;
    if (!text) {
      list.replaceChildren();
      more.hidden = true;
      status.textContent = "Type to search every word of every interview, in English or French, with or without accents";
      return;
    }
    status.textContent = "Searching…";
    const found = await search(text, chosenFilters());
    const results = await found.more();
    if (ticket !== latest) return; // the reader typed on
    current = found;
    list.replaceChildren(...results.map(item));
    more.hidden = found.done();
    status.textContent = results.length === 0 ? `No result for “${text}”: try another word, or fewer words`
      : results.length === 1 ? "1 result" : `${results.length}${found.done() ? "" : "+"} results`;
    // Which query the shown results answer: a partial query's answer can land while the
    // reader is still typing, so tests (and assistive tooling) can tell the two apart.
    status.dataset.query = text;
  }
  more.addEventListener("click", async () => {
    const count = list.children.length;
    const results = await current.more();
    list.append(...results.slice(count).map(item));
    more.hidden = current.done();
    status.textContent = `${results.length}${current.done() ? "" : "+"} results`;
    list.children[count]?.querySelector("a")?.focus();
  });

  let timer = null;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 150);
  });
  box.querySelector("form").addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    run().then(() => list.querySelector("a")?.focus());
  });
  box.querySelector("form").addEventListener("reset", () => setTimeout(run));

  // The filters' values come from the index, fetched when the reader opens them.
  filterBox.addEventListener("toggle", async () => {
    if (!filterBox.open || filterBox.dataset.loaded) return;
    filterBox.dataset.loaded = "yes";
    const values = {};
    for (const engine of await load()) {
      for (const [name, counts] of Object.entries(await engine.filters())) {
        for (const value of Object.keys(counts)) (values[name] ||= new Set()).add(value);
      }
    }
    for (const select of selects) {
      const names = [...(values[select.dataset.kbFilter] || [])].sort((a, b) => a.localeCompare(b));
      select.append(...names.map((name) => new Option(name, name)));
    }
  });
  for (const select of selects) select.addEventListener("change", run);

  // Opening and closing, as Material's own search box does.
  function open() {
    toggle.checked = true;
    toggle.dispatchEvent(new Event("change"));
    input.focus();
    load();
  }
  function close() {
    toggle.checked = false;
    toggle.dispatchEvent(new Event("change"));
    input.blur();
  }
  input.addEventListener("focus", () => {
    if (!toggle.checked) open();
    load();
  });
  toggle.addEventListener("change", () => {
    if (toggle.checked && document.activeElement !== input) input.focus();
  });
  box.addEventListener("click", (event) => {
    if (event.target.closest("a.md-search-result__link")) close();
  });

  document.addEventListener("keydown", (event) => {
    if (event.metaKey || event.ctrlKey || event.altKey) return;
    const active = document.activeElement;
    const typing = active && (active.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName));
    if (!toggle.checked) {
      if (!typing && (event.key === "/" || event.key === "s" || event.key === "f")) {
        event.preventDefault();
        open();
      }
      return;
    }
    const links = [...list.querySelectorAll("a.md-search-result__link")];
    const at = links.indexOf(active);
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "ArrowDown" && (active === input || at >= 0)) {
      event.preventDefault();
      (links[at + 1] || links[at] || input).focus();
    } else if (event.key === "ArrowUp" && at >= 0) {
      event.preventDefault();
      (at === 0 ? input : links[at - 1]).focus();
    } else if (event.key === "Enter" && active === input && links.length) {
      event.preventDefault();
      links[0].click();
    }
  });

  window.kbSearch = { query, search, load, excerpt: excerptOf };
})();
