/**
 * Words that show a doc is written in a language: the commonest words of English (function words
 * and the verbs and nouns docs use), and the function words of other languages docs are written
 * in. Data only; prose.ts counts how many of a doc's words one of these lists knows.
 */

const ENGLISH = `
a about above accept accepted accepts access according across act action actual add added adds
after again against all allow allowed allows almost alone along already also always an and another
any anything apply are argument arguments around array as ask at attempt available avoid away
back base based be because become been before begin behaviour behavior being below best between
both bound buffer build builds but by cache call callback called caller calls can cannot case
cases change changed changes character characters check checks child class clear close closed
closes code collection come compare complete compute computes condition config configuration
connection contain contains content context convert converts copy could count create created
creates current data date default defaults define defined delete description determine
determines different directory do does done down each either element elements else empty enable
end ensure entry equal error errors even event every example exception exist exists expected
false field file files find finds first following for form format found from full function
functions get gets given global go handle handler has have having head here hold holds how id
if ignore ignored implement implementation in include included includes index information input
insert instance instead integer into invalid is it item items its itself just keep key keys kind
known last later least left length less like limit line lines list load loads local long look
lookup made main make makes many map match may mean means message method might missing mode
model more most much must name names need needed needs negative never new next no node none
non not nothing now null number numbers object objects of off old on once one only open option
optional options or order other otherwise our out output over own page pair parameter parameters
parent parse parsed parses part pass passed path pattern per place point position possible
present previous print process produce property provide provided provides put range rather raw
read reads reason record reference remove removes replace request required resolve resolves
resource response result results return returned returns run runs same save second see send
sent separate sequence server service set sets should show side similar simple since single size
so some source space specified specify start state still stop store stored stream string strings
such support supported sure take takes target tell test text than that the their them then
there these they thing this those through thrown time times to token too true try two type
types under unless until up update updated updates use used user uses using valid validate
value values variable version via wait want was way we what when where whether which while who
whole why will with within without word work would write writes written yet you your zero
algorithm api append archive async attribute await begin bit bool boolean byte bytes char client
column command compile connect constructor copy cursor debug decode delay dict dictionary
document encode endpoint entry environment execute export extension extract feature filename
filter flag float folder header height host image import install interface join json level
listener lock log logger loader merge module package plugin pop port promise push query queue
raise release remove rename retry root route row schema search session setting signal socket
sort split status sum table task thread timeout timer trace tree tuple unpack url wrap width
worker
`;

/** Function words: frequent in any text of the language, whatever it is about. */
const FUNCTION_WORDS: Readonly<Record<string, string>> = {
  english: ENGLISH,
  french: `le la les un une des du de et ou est sont en dans pour par sur avec sans ce cette ces qui
    que quand si ne pas plus il elle ils on au aux son sa ses leur être avoir fait renvoie retourne`,
  spanish: `el la los las un una unos de del y o es son en para por con sin este esta que cuando si
    no se su sus al como más devuelve valor lo`,
  portuguese: `o a os as um uma de do da dos das e ou é são em no na para por com sem este esta que
    quando se não seu sua ao como mais retorna valor`,
  italian: `il lo la i gli le un una di del della e o è sono in nel per con senza questo questa che
    quando se non suo sua al come più restituisce valore`,
  german: `der die das ein eine einen des dem den und oder ist sind in im für mit ohne von zu auf
    wenn nicht wird werden als auch bei aus gibt zurück wert`,
  dutch: `de het een en of is zijn in voor met zonder van te op als niet wordt door bij uit geeft`,
  polish: `i w z na do nie jest się to że dla od po jak lub oraz przez zwraca gdy jeśli`,
  catalan: `el la els les un una de del i o és són en per amb sense aquest aquesta que quan si no
    es seu seva al com més retorna valor`,
  romanian: `și în la de pe cu din pentru că nu este sunt un o al ale cel cea care când dacă sau mai
    se returnează valoarea`,
  swedish: `och i att det som en ett på är av för med till den har inte om var eller när från returnerar
    värdet`,
  danish: `og i at det som en et på er af for med til den har ikke om eller når fra returnerer værdien
    norsk og av ikke eller`,
  finnish: `ja on ei se että kun jos tai kuin myös sekä mutta palauttaa arvon arvo joka jonka`,
  czech: `a v na je se že s z do pro k o jako nebo když pokud není jsou to také vrací hodnotu`,
  hungarian: `a az és hogy nem egy is ha vagy van mint meg el csak ki be visszaadja értéket értékét`,
  turkish: `ve bir bu için ile da de değil ya veya ise gibi daha olan olarak eğer kadar döndürür değeri
    değerini verilen`,
  indonesian: `dan yang di ke dari untuk dengan ini itu tidak atau jika akan ada adalah pada dalam
    mengembalikan nilai`,
  vietnamese: `và của là các cho được trong không có một này khi nếu với để những đã sẽ thì trả về
    giá trị hàm danh sách`,
  russian: `и в во не на что с со для по из от до как это если или при это его её их же бы был
    была быть есть возвращает значение функция который которая когда также только`,
  ukrainian: `і й в у не на що з із для по від до як це якщо або при його її їх також тільки
    повертає значення функція який яка коли`,
};

function toSet(words: string): ReadonlySet<string> {
  return new Set(words.split(/\s+/).filter((word) => word !== ''));
}

/** Each language's known words, lower case. */
export const KNOWN_WORDS: ReadonlyArray<readonly [string, ReadonlySet<string>]> = Object.entries(
  FUNCTION_WORDS,
).map(([language, words]) => [language, toSet(words)] as const);
