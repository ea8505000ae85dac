// Word lists for finding who speaks: reporting verbs, titles and roles, gender cues, words that
// mark organisations and places. All lower case; lookups lower-case the word first.

function forms(lemma: string): string[] {
  const out = [lemma];
  const stem = lemma.endsWith('e') ? lemma.slice(0, -1) : lemma;
  if (/[^aeiou]y$/.test(lemma)) out.push(lemma.slice(0, -1) + 'ies', lemma.slice(0, -1) + 'ied', lemma + 'ing');
  else {
    out.push(/(s|sh|ch|x|o)$/.test(lemma) ? lemma + 'es' : lemma + 's');
    out.push(lemma.endsWith('e') ? lemma + 'd' : lemma + 'ed');
    out.push(stem + 'ing');
  }
  return out;
}

const REGULAR = [
  'add', 'note', 'explain', 'ask', 'answer', 'reply', 'tweet', 'state', 'declare', 'insist', 'claim', 'argue',
  'conclude', 'shout', 'respond', 'warn', 'remark', 'recall', 'acknowledge', 'announce', 'contend', 'demand',
  'observe', 'agree', 'comment', 'suggest', 'urge', 'continue', 'report', 'assert', 'complain', 'joke', 'vow',
  'promise', 'pledge', 'predict', 'boast', 'concede', 'counter', 'retort', 'exclaim', 'yell', 'scream', 'whisper',
  'mutter', 'muse', 'wonder', 'caution', 'stress', 'emphasize', 'emphasise', 'repeat', 'reiterate', 'confirm',
  'recount', 'proclaim', 'interject', 'opine', 'lament', 'concur', 'grouse', 'ponder', 'post', 'chime', 'blast',
  'charge', 'add', 'explain', 'point', 'tell', 'quote', 'cite', 'mention', 'sigh', 'laugh', 'plead', 'rant',
  'speculate', 'allege', 'question', 'query', 'inform', 'advise', 'estimate', 'maintain', 'narrate',
  'testify', 'deny', 'cry', 'reason', 'hint', 'imply', 'fume', 'gush', 'marvel', 'scoff', 'sneer', 'admit',
  'quip', 'snap', 'write', 'say', 'call', 'elaborate',
];

const IRREGULAR = [
  'said', 'says', 'saying', 'say', 'told', 'tells', 'telling', 'wrote', 'written', 'writes', 'writing',
  'spoke', 'speaks', 'speak', 'spoken',
  'admitted', 'admitting', 'quipped', 'quipping', 'snapped', 'snapping', 'began', 'begins',
];

/** Verbs that introduce or tag reported speech, in every inflection. */
export const SPEECH_VERBS: ReadonlySet<string> = new Set([
  ...REGULAR.filter((l) => !['say', 'tell', 'write', 'admit', 'quip', 'snap'].includes(l)).flatMap(forms),
  ...IRREGULAR,
]);

/** Reporting verbs that more often mean something else ("will continue talks", "posted gains"):
 * they report a quotation only right before it or in a tag after it. */
export const WEAK_SPEECH_VERBS: ReadonlySet<string> = new Set([
  ...forms('continue'), ...forms('post'), ...forms('charge'), ...forms('question'), ...forms('maintain'),
  ...forms('state'), ...forms('report'), ...forms('answer'), ...forms('point'),
  ...forms('reason'), ...forms('laugh'), ...forms('sigh'), ...forms('query'), ...forms('relate'), ...forms('blast'),
  ...forms('estimate'), ...forms('confirm'), ...forms('deny'), ...forms('mention'), ...forms('repeat'),
  ...forms('call'),
]);

/** Verbs that report speech only with a particle: "shot back", "fired back", "pointed out". */
export const PARTICLE_VERBS: ReadonlyMap<string, string> = new Map([
  ['shot', 'back'], ['shoots', 'back'], ['fired', 'back'], ['fires', 'back'], ['hit', 'back'], ['hits', 'back'],
  ['pointed', 'out'], ['points', 'out'], ['pointing', 'out'], ['went', 'on'], ['goes', 'on'], ['chimed', 'in'],
  ['spoke', 'up'], ['piped', 'up'],
]);

/** Auxiliaries and adverbs that may stand between a speaker and the verb. */
export const BETWEEN_SUBJECT_AND_VERB: ReadonlySet<string> = new Set([
  'has', 'had', 'have', 'would', 'will', 'could', 'did', 'does', 'also', 'later', 'then', 'again', 'now', 'once',
  'further', 'simply', 'only', 'even', 'previously', 'recently', 'earlier', 'just', 'still', 'quickly', 'repeatedly',
  'frequently', 'often', 'has also', 'flatly', 'bluntly', 'gingerly', 'angrily', 'publicly', 'privately', 'separately',
  'instead', 'too', 'similarly', 'likewise', 'meanwhile', 'however', 'himself', 'herself', 'itself', 'first',
  'finally', 'already', 'reportedly', 'once', 'openly', 'never', 'always', 'had been', 'has been', 'been',
]);

/** Titles written before a name ("Sen. Ted Cruz", "Secretary of State John Kerry", "Ayatollah Ali Khamenei"). */
export const TITLES: ReadonlySet<string> = new Set([
  'president', 'vice', 'secretary', 'minister', 'prime', 'foreign', 'deputy', 'leader', 'supreme', 'ayatollah',
  'speaker', 'sen', 'senator', 'rep', 'reps', 'representative', 'gov', 'governor', 'lt', 'gen', 'general', 'col',
  'colonel', 'maj', 'major', 'capt', 'captain', 'adm', 'admiral', 'dr', 'mr', 'mrs', 'ms', 'miss', 'mx', 'prof',
  'professor', 'rev', 'reverend', 'fr', 'father', 'pope', 'king', 'queen', 'prince', 'princess', 'sheikh', 'emir',
  'sultan', 'mayor', 'judge', 'justice', 'chairman', 'chairwoman', 'chair', 'director', 'ambassador',
  'commissioner', 'chancellor', 'attorney', 'sheriff', 'chief', 'reporter', 'host', 'anchor', 'spokesman',
  'spokeswoman', 'spokesperson', 'congressman', 'congresswoman', 'councilman', 'councilwoman', 'assemblyman',
  'assemblywoman', 'lord', 'lady', 'sir', 'dame', 'cardinal', 'bishop', 'archbishop', 'rabbi', 'imam', 'sgt',
  'cpl', 'pvt', 'sec', 'amb', 'pres', 'editor', 'correspondent', 'columnist', 'commander', 'officer', 'agent',
  'detective', 'inspector', 'superintendent', 'pastor', 'frontman', 'gov.', 'sens', 'lieutenant', 'sergeant',
  'marshal', 'premier', 'mullah', 'grand', 'acting', 'former', 'ex', 'house', 'senate', 'majority', 'minority',
  'whip', 'treasurer', 'counsel', 'solicitor', 'advocate', 'coach', 'manager', 'founder', 'ceo', 'cofounder',
  'co-founder', 'chairperson', 'dean', 'provost', 'principal', 'nominee', 'candidate', 'contender', 'strategist',
  'pollster', 'analyst', 'adviser', 'advisor', 'aide', 'operative', 'mogul', 'businessman', 'businesswoman',
  'billionaire', 'neurosurgeon', 'surgeon', 'doctor', 'lawmaker', 'legislator', 'delegate', 'activist', 'author',
  'writer', 'historian', 'economist', 'scientist', 'executive', 'owner', 'star', 'singer', 'actor', 'actress',
  'comedian', 'producer', 'publisher', 'diplomat', 'official', 'envoy', 'negotiator', 'frontrunner',
  'front-runner', 'challenger', 'incumbent', 'partner', 'member', 'organizer', 'organiser', 'volunteer', 'veteran',
  'survivor', 'witness', 'eyewitness', 'lawyer', 'prosecutor', 'physician', 'nurse', 'teacher', 'student', 'voter',
  'resident', 'supporter', 'critic', 'opponent', 'ally', 'friend', 'wife', 'husband', 'son', 'daughter', 'mother',
  'brother', 'sister', 'uncle', 'aunt', 'cousin', 'moderator', 'panelist', 'commentator', 'pundit', 'blogger',
  'consultant', 'expert', 'researcher', 'investigator', 'broadcaster', 'journalist', 'photographer', 'president-elect',
  'vice-president', 'mp', 'md', 'chief-of-staff', 'assistant', 'secretary-general', 'lt.', 'monsignor', 'deacon',
  'atty', 'supt', 'det', 'insp', 'cmdr', 'asst', 'dep', 'hon', 'msgr', 'treas', 'secy', 'ofc', 'pfc', 'lieut', 'brig',
  'cmdt', 'spc',
]);

/** Nouns that head a role phrase ("a French diplomat", "the Iranian leader", "a statement"). */
export const ROLE_HEADS: ReadonlySet<string> = new Set([
  ...[...TITLES].filter((t) => !['vice', 'prime', 'foreign', 'deputy', 'supreme', 'grand', 'acting', 'former', 'ex', 'house', 'senate', 'majority', 'minority', 'lt', 'mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'sen', 'rep', 'reps', 'sens', 'gov', 'gov.', 'lt.', 'gen', 'col', 'maj', 'capt', 'adm', 'sgt', 'cpl', 'pvt', 'sec', 'amb', 'pres', 'fr', 'rev', 'prof', 'atty', 'supt', 'det', 'insp', 'cmdr', 'asst', 'dep', 'hon', 'msgr', 'treas', 'secy', 'ofc', 'pfc', 'lieut', 'brig', 'cmdt', 'spc'].includes(t)),
  'man', 'woman', 'men', 'women', 'boy', 'girl', 'person', 'source', 'sources', 'officials', 'diplomats', 'leaders',
  'spokesmen', 'statement', 'communique', 'communiqué', 'report', 'agency', 'ministry', 'department', 'government',
  'administration', 'committee', 'campaign', 'website', 'newspaper', 'network', 'channel', 'broadcaster', 'daily',
  'observer', 'observers', 'analysts', 'experts', 'aides', 'advisers', 'voters', 'residents', 'supporters',
  'critics', 'lawmakers', 'members', 'protesters', 'demonstrators', 'participants', 'delegations', 'allies',
  'countries', 'nations', 'people', 'group', 'organization',
  'organisation', 'military', 'army', 'police', 'regime', 'embassy', 'office', 'council', 'party', 'court',
  'union', 'poll', 'survey', 'study', 'document', 'letter', 'memo', 'tweet', 'post', 'release', 'declaration',
  'announcement', 'board', 'commission', 'panel', 'company', 'firm', 'bank', 'school', 'university', 'ruling',
  'lawsuit', 'complaint', 'filing', 'indictment', 'resolution', 'platform', 'editorial', 'article', 'book',
  'affidavit', 'warrant', 'transcript', 'video', 'ad', 'advertisement', 'email', 'e-mail', 'message', 'note', 'order',
]);

/** Role heads that are not people (they may speak, but are never "he" or "she"). */
export const THING_HEADS: ReadonlySet<string> = new Set([
  'statement', 'communique', 'communiqué', 'report', 'agency', 'ministry', 'department', 'government',
  'administration', 'committee', 'campaign', 'website', 'newspaper', 'network', 'channel', 'daily', 'group',
  'organization', 'organisation', 'military', 'army', 'police', 'regime', 'embassy', 'office', 'council', 'party',
  'court', 'union', 'poll', 'survey', 'study', 'document', 'letter', 'memo', 'tweet', 'post', 'release',
  'declaration', 'announcement', 'board', 'commission', 'panel', 'company', 'firm', 'bank', 'school', 'university',
  'ruling', 'lawsuit', 'complaint', 'filing', 'indictment', 'resolution', 'platform', 'editorial', 'article', 'book',
  'affidavit', 'warrant', 'transcript', 'video', 'ad', 'advertisement', 'email', 'e-mail', 'message', 'note', 'order',
]);

/** Plural role heads: a group never speaks as "he" or "she", and is never one named person. */
export const PLURAL_HEADS: ReadonlySet<string> = new Set([
  'men', 'women', 'people', 'sources', 'officials', 'diplomats', 'leaders', 'spokesmen', 'observers', 'analysts',
  'experts', 'aides', 'advisers', 'voters', 'residents', 'supporters', 'critics', 'lawmakers', 'members',
  'protesters', 'demonstrators', 'participants', 'delegations', 'allies', 'countries', 'nations',
]);

/** Abbreviated and gendered forms of a role, for comparing roles ("Gov." = "governor"). */
export const ABBREVIATIONS: ReadonlyMap<string, string> = new Map([
  ['sen', 'senator'], ['sens', 'senator'], ['rep', 'representative'], ['reps', 'representative'], ['gov', 'governor'],
  ['gen', 'general'], ['lt', 'lieutenant'], ['col', 'colonel'], ['maj', 'major'], ['capt', 'captain'],
  ['adm', 'admiral'], ['dr', 'doctor'], ['prof', 'professor'], ['rev', 'reverend'], ['fr', 'father'],
  ['sgt', 'sergeant'], ['sec', 'secretary'], ['amb', 'ambassador'], ['pres', 'president'], ['spokesperson', 'spokesman'],
  ['spokeswoman', 'spokesman'], ['congresswoman', 'congressman'], ['chairwoman', 'chairman'], ['chair', 'chairman'],
  ['advisor', 'adviser'], ['front-runner', 'frontrunner'], ['organiser', 'organizer'], ['atty', 'attorney'],
  ['supt', 'superintendent'], ['det', 'detective'], ['insp', 'inspector'], ['cmdr', 'commander'], ['asst', 'assistant'],
  ['dep', 'deputy'], ['msgr', 'monsignor'], ['treas', 'treasurer'], ['secy', 'secretary'], ['ofc', 'officer'],
  ['lieut', 'lieutenant'], ['brig', 'brigadier'], ['cmdt', 'commandant'], ['pfc', 'private'], ['spc', 'specialist'],
]);

/** Modifiers that do not distinguish one holder of a role from another. */
export const NEUTRAL_MODIFIERS: ReadonlySet<string> = new Set([
  'the', 'a', 'an', 'another', 'former', 'then', 'current', 'top', 'senior', 'new', 'longtime', 'long-time', 'ex',
  'acting', 'outgoing', 'incoming', 'veteran', 'powerful', 'influential', 'embattled', 'controversial', 'one', 'this',
  'that', 'its', 'his', 'her', 'their', 'our', 'same', 'u.s', 'us',
]);

export const MALE_CUES: ReadonlySet<string> = new Set([
  'mr', 'sir', 'lord', 'king', 'prince', 'ayatollah', 'father', 'fr', 'pope', 'sheikh', 'emir', 'sultan', 'cardinal',
  'archbishop', 'bishop', 'rabbi', 'imam', 'mullah', 'monsignor', 'spokesman', 'congressman', 'councilman',
  'assemblyman', 'chairman', 'businessman', 'man', 'boy', 'husband', 'son', 'brother', 'uncle', 'frontman', 'actor',
]);

export const FEMALE_CUES: ReadonlySet<string> = new Set([
  'mrs', 'ms', 'miss', 'lady', 'dame', 'queen', 'princess', 'spokeswoman', 'congresswoman', 'councilwoman',
  'assemblywoman', 'chairwoman', 'businesswoman', 'woman', 'girl', 'wife', 'daughter', 'mother', 'sister', 'aunt',
  'actress', 'sister',
]);

// Common given names. Only used to tell people from places and to resolve "he" and "she"; a name
// missing here is still a person when a title, a role or a reporting verb says so.
export const MALE_NAMES: ReadonlySet<string> = new Set(
  ('aaron abdullah adam ahmed al alan albert alex alexander ali andrew andy anthony antonio ari barack barry ben ' +
    'benjamin bernie bill billy bob bobby brad brandon brian bruce bryan buddy carl carlos charles charlie chris ' +
    'christopher chuck clarence craig dan daniel danny darrell dave david dennis derek dick don donald doug douglas ' +
    'duncan dwight ed eddie edward elijah eric ernest evan francis francois frank fred gary george gerald greg ' +
    'gregory hank harold harry hassan henry hossein howard hugh ian ibrahim isaac jack jacob jake james jamie jason ' +
    'jay jeb jeff jeffrey jerry jesse jim jimmy joe joel john johnny jon jonathan jorge jose joseph josh joshua juan ' +
    'karl keith ken kenneth kevin kim larry laurent lee leon lindsey louis luis marco marc mark martin matt matthew ' +
    'michael mike mitch mitt mohammad mohammed muhammad murshed nate nathan neil nicholas nick nicolas nuri orrin ' +
    'pat patrick paul pete peter phil philip rahm ralph rand randy raul ray reince richard rick rob robert roger ron ' +
    'ronald ross roy russell ryan sam samuel scott sean sergei seth sheldon stan stephen steve steven stuart ted ' +
    'terry thomas tim timothy todd tom tommy tony trevor vladimir walter wayne wesley william willie xi yasser ' +
    'haider hamid hussein mahmoud omar osama bashar fouad hassan javad mohammad recep benjamin shimon ehud ' +
    'moshe avigdor naftali yair jean pierre jacques nicolas emmanuel manuel francesco matteo angela boris ' +
    'gordon tony david jeremy nigel keir rishi justin stephen malcolm kevin narendra rahul imran nawaz shinzo ' +
    'hu wen li abe moon kofi ban antonio ayman abu anwar bernard alain dominique hubert jan hans helmut ' +
    'gerhard frank olaf wolfgang juan pedro felipe mariano luiz jair andres enrique chris colin denis ' +
    'newt herman jared eric lamar marsha ron lindsey orrin dick darrell kelly dan duncan elijah gregory jim ' +
    'anderson jake wolf chuck mika jomana').split(/\s+/),
);

export const FEMALE_NAMES: ReadonlySet<string> = new Set(
  ('abigail alexandra alice alicia alison amanda amy ana andrea angela angelina ann anna anne annie barbara ' +
    'betty beverly brenda carla carly carol caroline carolyn catherine cecile charlotte cheryl christina ' +
    'christine cindy claire condoleezza cynthia dana daniela debbie deborah debra denise diana diane donna ' +
    'dorothy elaine elena elizabeth ellen emily emma erin eva evelyn felicia frances gabrielle gale gina ' +
    'gloria grace hannah heather heidi helen hillary huma irene jackie jacqueline jan jane janet janice jean ' +
    'jen jennifer jessica jill joan joanna joni josephine joy joyce judith judy julia julie karen kate katherine ' +
    'kathleen kathy katie kay kelly kelley kimberly kirsten laura lauren linda lisa lori lucy lynn madeleine ' +
    'margaret maria marie marilyn marine marsha martha mary maxine megan megyn melania melissa michele michelle ' +
    'mika mona monica nancy natalie nicole nikki nina olivia pamela patricia patty paula peggy penny rachel ' +
    'rebecca renee rita rosa rose ruth sally samantha sandra sandy sara sarah sharon shirley sonia sophie ' +
    'stephanie susan suzanne sylvia tammy teresa theresa tina tulsi valerie victoria virginia wendy yvonne ' +
    'zoe ivanka chelsea hillary condoleezza theresa angela christine federica ségolène segolene marine ' +
    'missy alexandria patricia benazir indira golda aung cristina dilma michelle laura barbara nancy ' +
    'kellyanne sarah huckabee ann elise tammy gwen amy kamala').split(/\s+/),
);

/** Capitalised words that name organisations. */
export const ORG_WORDS: ReadonlySet<string> = new Set([
  'department', 'ministry', 'agency', 'office', 'committee', 'commission', 'council', 'party', 'association',
  'institute', 'university', 'college', 'center', 'centre', 'foundation', 'fund', 'bank', 'corp', 'inc', 'company',
  'group', 'network', 'news', 'times', 'post', 'journal', 'press', 'tribune', 'herald', 'guardian', 'media',
  'television', 'tv', 'radio', 'channel', 'government', 'administration', 'campaign', 'army', 'navy', 'force',
  'forces', 'command', 'senate', 'congress', 'parliament', 'court', 'police', 'league', 'organization',
  'organisation', 'club', 'society', 'federation', 'coalition', 'alliance', 'board', 'bureau', 'service',
  'services', 'authority', 'assembly', 'movement', 'front', 'brigade', 'watch', 'project', 'action', 'review',
  'magazine', 'daily', 'weekly', 'examiner', 'reuters', 'politico', 'breitbart', 'huffpost', 'huffpollster',
  'msnbc', 'cnn', 'fox', 'abc', 'cbs', 'nbc', 'bbc', 'afp', 'irna', 'isna', 'fars', 'tasnim', 'bloomberg',
  'pentagon', 'kremlin', 'nations', 'union', 'secretariat', 'cabinet', 'embassy', 'consulate', 'mission', 'staff',
  'caucus', 'conference', 'summit', 'statement', 'website', 'twitter', 'facebook', 'instagram', 'youtube', 'feed',
  'industries', 'systems', 'holdings', 'partners', 'capital', 'group', 'labs', 'institution', 'academy', 'hospital',
  'school', 'church', 'mosque', 'synagogue', 'diocese', 'team', 'squad', 'unit', 'division', 'regiment',
]);

/** Words that make an organisation's name a news outlet's ("the Washington Post", "Reuters"): an
 * outlet reports what was said ("X told Reuters", "according to the Post"), it is not the speaker. */
export const MEDIA_WORDS: ReadonlySet<string> = new Set([
  'news', 'times', 'post', 'journal', 'press', 'tribune', 'herald', 'guardian', 'media', 'television', 'tv', 'radio',
  'magazine', 'daily', 'weekly', 'examiner', 'gazette', 'chronicle', 'telegraph', 'wire', 'reuters', 'politico',
  'breitbart', 'huffpost', 'huffington', 'msnbc', 'cnn', 'fox', 'abc', 'cbs', 'nbc', 'bbc', 'npr', 'pbs', 'afp', 'ap',
  'irna', 'isna', 'fars', 'tasnim', 'bloomberg', 'axios', 'newsweek', 'salon', 'slate', 'vox', 'usa', 'variety',
]);

/** Capitalised words that name places (or other things that never speak as "he" or "she"). */
export const PLACE_WORDS: ReadonlySet<string> = new Set([
  'state', 'states', 'united', 'kingdom', 'republic', 'york', 'hampshire', 'carolina', 'jersey', 'dakota', 'island',
  'islands', 'city', 'county', 'valley', 'hill', 'street', 'avenue', 'square', 'house', 'hall', 'arabia',
  'emirates', 'east', 'west', 'north', 'south', 'sea', 'ocean', 'river', 'lake', 'mountain', 'mountains', 'park',
  'bay', 'beach', 'airport', 'jetport', 'hotel', 'casino', 'gulf', 'coast', 'strait', 'peninsula', 'province',
  'district', 'region', 'territory', 'territories', 'islamic', 'middle', 'korea', 'africa', 'america', 'europe',
  'asia', 'zealand', 'lanka', 'leone', 'rica', 'salvador', 'angeles', 'francisco', 'diego', 'vegas', 'orleans',
  'louis', 'antonio', 'jose', 'paulo', 'janeiro', 'aires', 'city', 'town', 'village', 'wall', 'bridge', 'road',
  'capitol', 'mall', 'stadium', 'arena', 'garden', 'gardens', 'tower', 'towers', 'building', 'plaza', 'palace',
  'christmas', 'easter', 'day', 'week', 'war', 'revolution', 'amendment', 'act', 'law', 'constitution',
  'olympics', 'cup', 'games', 'prize', 'award', 'awards', 'treaty', 'accord', 'accords', 'agreement', 'deal',
]);

export const WEEKDAYS_MONTHS: ReadonlySet<string> = new Set([
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'january', 'february', 'march',
  'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december', 'jan', 'feb', 'mar',
  'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'today', 'yesterday', 'tonight',
]);

/** Words that never begin or belong to a name, even when capitalised at the start of a sentence. */
export const STOPWORDS: ReadonlySet<string> = new Set([
  'a', 'an', 'the', 'and', 'or', 'but', 'nor', 'so', 'yet', 'for', 'of', 'in', 'on', 'at', 'to', 'from', 'by',
  'with', 'without', 'about', 'as', 'into', 'onto', 'upon', 'over', 'under', 'after', 'before', 'during', 'since',
  'until', 'while', 'when', 'where', 'why', 'how', 'what', 'which', 'who', 'whom', 'whose', 'that', 'this', 'these',
  'those', 'there', 'here', 'then', 'than', 'if', 'unless', 'because', 'although', 'though', 'whether', 'also',
  'is', 'are', 'was', 'were', 'be', 'been', 'being', 'has', 'have', 'had', 'do', 'does', 'did', 'will', 'would',
  'shall', 'should', 'can', 'could', 'may', 'might', 'must', 'not', 'no', 'yes', 'all', 'any', 'each', 'every',
  'some', 'many', 'much', 'more', 'most', 'few', 'other', 'such', 'only', 'own', 'same', 'very', 'just', 'even',
  'still', 'again', 'further', 'once', 'both', 'either', 'neither', 'its', 'his', 'her', 'their', 'our', 'your',
  'my', 'it', 'he', 'she', 'they', 'we', 'you', 'i', 'him', 'them', 'us', 'me', 'one', 'two', 'three', 'against',
  'between', 'among', 'through', 'throughout', 'within', 'per', 'via', 'like', 'unlike', 'near', 'despite',
  'amid', 'around', 'across', 'behind', 'beyond', 'toward', 'towards', 'according', 'asked', 'speaking', 'meanwhile',
  'however', 'instead', 'indeed', 'still', 'now', 'later', 'earlier', 'already', 'soon', 'update', 'updated', 'file',
  'photo', 'video', 'watch', 'related', 'read', 'more', 'click', 'follow', 'see', 'slideshow', 'breaking', 'last',
  'next', 'first', 'several', 'both', 'well', 'oh', 'ok', 'okay', 'let', "let's", 'said', 'says', 'say', 'told',
  'is', 'not', 'after', 'among', 'another', 'other', 'others', 'ever', 'never', 'always', 'often',
]);

export const PREPOSITIONS: ReadonlySet<string> = new Set([
  'of', 'in', 'on', 'at', 'to', 'from', 'by', 'with', 'without', 'about', 'as', 'into', 'onto', 'upon', 'over',
  'under', 'after', 'before', 'during', 'since', 'until', 'for', 'against', 'between', 'among', 'through',
  'within', 'per', 'via', 'like', 'unlike', 'near', 'despite', 'amid', 'around', 'across', 'behind', 'beyond',
  'toward', 'towards', 'than', 'including', 'following', 'than', 'whom', 'praised', 'thanked', 'criticized',
  'criticised', 'attacked', 'accused', 'blamed', 'endorsed', 'supported', 'defeated', 'beat', 'invited',
  'questioned', 'interviewed', 'asked', 'told', 'hitting', 'praising', 'thanking',
]);

export const DETERMINERS: ReadonlySet<string> = new Set(['the', 'a', 'an', 'another', 'one', 'this', 'that', 'his', 'her', 'its', 'their', 'our', 'several', 'some', 'two', 'three', 'many', 'other']);
export const INDEFINITE: ReadonlySet<string> = new Set(['a', 'an', 'another', 'one', 'several', 'some', 'two', 'three', 'many', 'other']);

/** Particles inside names: "Osama bin Laden", "Charles de Gaulle", "Ludwig van Beethoven". */
export const NAME_PARTICLES: ReadonlySet<string> = new Set(['bin', 'ibn', 'al', 'el', 'de', 'del', 'della', 'der', 'di', 'da', 'dos', 'du', 'la', 'le', 'van', 'von', 'ben', 'abu', 'st']);
export const NAME_SUFFIXES: ReadonlySet<string> = new Set(['jr', 'sr', 'ii', 'iii', 'iv']);

/** Titles of address that say nothing of a person's role ("Mr", "Ayatollah"). */
export const HONORIFICS: ReadonlySet<string> = new Set([
  'ayatollah', 'mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'sir', 'dame', 'rev', 'reverend', 'fr', 'father', 'sheikh',
  'prof', 'professor', 'imam', 'rabbi', 'lord', 'lady', 'mullah', 'monsignor', 'hon', 'msgr',
]);

export const SUBJECT_PRONOUNS: ReadonlyMap<string, 'm' | 'f' | 'n' | 'p'> = new Map([
  ['he', 'm'], ['she', 'f'], ['it', 'n'], ['they', 'p'],
]);
