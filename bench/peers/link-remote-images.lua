-- Pandoc filter for the benchmark: a remote image becomes a link showing
-- its description, which is what techshack-book does for an image it
-- cannot have (no network, nothing in the cache). It keeps the peers off
-- the network (an EPUB would otherwise try to download every image) and
-- keeps Typst from failing on an image that is not a local file.
function Image(img)
  if img.src:match("^https?:") then
    local text = img.caption
    if #text == 0 then text = { pandoc.Str(img.src) } end
    return pandoc.Link(text, img.src)
  end
end
