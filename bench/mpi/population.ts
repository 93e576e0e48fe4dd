import type { Patient } from '@medplum/fhirtypes';
import { INSTITUTION_EXTENSION } from '../../packages/kernel/src/store/fhir-store.ts';
import { idCardCheckCharacter } from '../../packages/mpi/src/identifiers/resident-id-card.ts';
import { ID_CARD_SYSTEM, MRN_SYSTEM_PREFIX } from '../../packages/mpi/src/identifiers/systems.ts';
import { rng } from '../data.ts';
import { GIVEN_FEMALE, GIVEN_MALE, INSTITUTIONS, LOOKALIKES, SURNAMES, TOWNS, VILLAGES } from './names.ts';

/**
 * A synthetic Chinese county population registered at its institutions, with the errors real registration
 * desks make — and the ground truth to score matching against. Deterministic for a seed.
 *
 * Persons: surnames by national frequency, 1–2 character given names, ages 0–95, a valid resident ID card
 * (division 3308xx, sequence parity = sex, MOD 11-2 check), a mobile phone (85 %), a household address and
 * landline; 1 % are twins (same surname, birth date, address and landline, another given name and ID card).
 *
 * Registrations: each person registers at 1–4 of six institutions (70/20/8/2 %), each with its own record
 * number. Per registration: the ID card is recorded 85 % of the time at the first desk, 65 % later; the name gets
 * a homophone (6 %), a look-alike character (1.5 %) or family and given names swapped (0.5 %); records without
 * ID card get a day/month transposition (3 %) or a one-digit date error (3 %); the phone is missing (10 %) or a
 * newer number (15 % after the first); the address is written short or long, with Chinese or Arabic numerals,
 * or is a new one (8 %); the sex is missing (1 %).
 */
export interface Person {
  surname: string;
  /** Indexes into the male or female homophone groups. */
  given: number[];
  sex: 'male' | 'female';
  birthDate: string;
  idCard: string;
  mobile?: string;
  landline: string;
  town: string;
  village: string;
  house: number;
}

export interface SyntheticRecord {
  resource: Patient;
  /** Ground truth: index of the person the record belongs to. */
  person: number;
  /** The record's own number (unique across the run): the key to find it in the index afterwards. */
  mrn: string;
  /** The record-number system of its institution. */
  system: string;
}

const SURNAME_TOTAL = SURNAMES.reduce((s, [, w]) => s + w, 0);

export class Population {
  readonly persons: Person[] = [];
  private readonly random: () => number;
  private readonly usedCards = new Set<string>();
  private mrn = 0;

  constructor(
    readonly size: number,
    seed = 20261122,
  ) {
    this.random = rng(seed);
    while (this.persons.length < size) {
      const person = this.person();
      this.persons.push(person);
      if (this.random() < 0.01 && this.persons.length < size) this.persons.push(this.twinOf(person));
    }
  }

  private int(lo: number, hi: number): number {
    return lo + Math.floor(this.random() * (hi - lo + 1));
  }

  private pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)];
  }

  private surname(): string {
    let x = this.random() * SURNAME_TOTAL;
    for (const [name, weight] of SURNAMES) if ((x -= weight) < 0) return name;
    return SURNAMES[0][0];
  }

  private person(): Person {
    const sex = this.random() < 0.5 ? 'male' : 'female';
    const pool = sex === 'male' ? GIVEN_MALE : GIVEN_FEMALE;
    const given = this.random() < 0.75 ? [this.int(0, pool.length - 1), this.int(0, pool.length - 1)] : [this.int(0, pool.length - 1)];
    const birth = new Date(Date.UTC(1930, 0, 1) + Math.floor(this.random() * 95 * 365.25) * 86_400_000).toISOString().slice(0, 10);
    return {
      surname: this.surname(),
      given,
      sex,
      birthDate: birth,
      idCard: this.idCard(birth, sex),
      ...(this.random() < 0.85 ? { mobile: `1${this.pick(['3', '5', '7', '8', '9'])}${String(this.int(0, 999_999_999)).padStart(9, '0')}` } : {}),
      landline: `0570${this.int(2, 8)}${String(this.int(0, 999_999)).padStart(6, '0')}`,
      town: this.pick(TOWNS),
      village: this.pick(VILLAGES),
      house: this.int(1, 120),
    };
  }

  private twinOf(p: Person): Person {
    const pool = p.sex === 'male' ? GIVEN_MALE : GIVEN_FEMALE;
    const given = [...p.given];
    given[given.length - 1] = (given[given.length - 1] + this.int(1, pool.length - 1)) % pool.length;
    return { ...p, given, idCard: this.idCard(p.birthDate, p.sex), ...(this.random() < 0.85 ? { mobile: `13${String(this.int(0, 999_999_999)).padStart(9, '0')}` } : {}) };
  }

  private idCard(birthDate: string, sex: 'male' | 'female'): string {
    for (;;) {
      const division = `3308${String(this.int(1, 25)).padStart(2, '0')}`;
      const seq = this.int(0, 499) * 2 + (sex === 'male' ? 1 : 0);
      const first17 = `${division}${birthDate.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
      const card = first17 + idCardCheckCharacter(first17);
      if (!this.usedCards.has(card)) {
        this.usedCards.add(card);
        return card;
      }
    }
  }

  /** Which institutions each person registers at, shuffled into arrival order: [person, registration number]. */
  registrations(): [number, number][] {
    const list: [number, number][] = [];
    this.persons.forEach((_, i) => {
      const x = this.random();
      const visits = x < 0.7 ? 1 : x < 0.9 ? 2 : x < 0.98 ? 3 : 4;
      for (let k = 0; k < visits; k++) list.push([i, k]);
    });
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      [list[i], list[j]] = [list[j], list[i]];
    }
    return list;
  }

  /** The k-th registration of person `index`, at the k-th of its institutions, with this desk's errors. */
  record(index: number, k: number): SyntheticRecord {
    const p = this.persons[index];
    const institution = INSTITUTIONS[(index + k * 2) % INSTITUTIONS.length];
    const withCard = this.random() < (k === 0 ? 0.85 : 0.65);
    const pool = p.sex === 'male' ? GIVEN_MALE : GIVEN_FEMALE;
    let given = p.given.map((g) => pool[g][0]);
    let name: { text: string; family: string; given: string };
    const e = this.random();
    if (e < 0.06) given = given.map((c, i) => (i === given.length - 1 ? this.homophone(pool, p.given[i], c) : c));
    else if (e < 0.075) given = given.map((c, i) => (i === 0 ? (LOOKALIKES[c] ?? this.pick(pool)[0]) : c));
    if (e >= 0.075 && e < 0.08) name = { text: given.join('') + p.surname, family: given.join(''), given: p.surname };
    else name = { text: p.surname + given.join(''), family: p.surname, given: given.join('') };
    let birthDate = p.birthDate;
    if (!withCard) {
      const d = this.random();
      const [y, m, day] = birthDate.split('-');
      if (d < 0.03 && Number(day) <= 12 && day !== m) birthDate = `${y}-${day}-${m}`;
      else if (d >= 0.03 && d < 0.06) birthDate = this.oneDigitOff(birthDate);
    }
    const phoneRoll = this.random();
    const mobile = phoneRoll < 0.1 ? undefined : k > 0 && phoneRoll < 0.25 ? `15${String(this.int(0, 999_999_999)).padStart(9, '0')}` : p.mobile;
    const moved = this.random() < 0.08;
    const village = moved ? this.pick(VILLAGES) : p.village;
    const house = moved ? this.int(1, 120) : p.house;
    const number = this.random() < 0.3 ? chineseNumeral(house) : String(house);
    const text = this.random() < 0.5 ? `浙江省衢州市某某县${p.town}${village}${number}号` : `${p.town}${village}${number}号`;
    const mrn = `B${String(++this.mrn).padStart(9, '0')}`;
    const resource: Patient = {
      resourceType: 'Patient',
      meta: { extension: [{ url: INSTITUTION_EXTENSION, valueReference: { reference: `Organization/${institution}` } }] },
      identifier: [...(withCard ? [{ system: ID_CARD_SYSTEM, value: p.idCard }] : []), { system: `${MRN_SYSTEM_PREFIX}/${institution}`, value: mrn }],
      active: true,
      name: [{ use: 'official', text: name.text, family: name.family, given: [name.given] }],
      ...(this.random() < 0.01 ? {} : { gender: p.sex }),
      birthDate,
      telecom: [...(mobile ? [{ system: 'phone' as const, value: mobile, use: 'mobile' as const }] : []), ...(this.random() < 0.3 ? [{ system: 'phone' as const, value: p.landline, use: 'home' as const }] : [])],
      address: [{ use: 'home', text }],
    };
    return { resource, person: index, mrn, system: `${MRN_SYSTEM_PREFIX}/${institution}` };
  }

  /** The name as the person writes it (no desk errors). */
  nameOf(p: Person): string {
    const pool = p.sex === 'male' ? GIVEN_MALE : GIVEN_FEMALE;
    return p.surname + p.given.map((g) => pool[g][0]).join('');
  }

  private homophone(pool: string[][], group: number, current: string): string {
    const options = pool[group].filter((c) => c !== current);
    return options.length ? this.pick(options) : current;
  }

  private oneDigitOff(date: string): string {
    for (;;) {
      const digits = date.replaceAll('-', '').split('');
      const at = this.pick([3, 5, 7]); // a year, month or day digit
      digits[at] = String((Number(digits[at]) + this.int(1, 9)) % 10);
      const candidate = `${digits.slice(0, 4).join('')}-${digits.slice(4, 6).join('')}-${digits.slice(6).join('')}`;
      const d = new Date(`${candidate}T00:00:00Z`);
      if (!Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === candidate && candidate < '2026-01-01') return candidate;
    }
  }
}

function chineseNumeral(n: number): string {
  const digits = '零一二三四五六七八九';
  if (n < 10) return digits[n];
  if (n < 20) return `十${n % 10 ? digits[n % 10] : ''}`;
  if (n < 100) return `${digits[Math.floor(n / 10)]}十${n % 10 ? digits[n % 10] : ''}`;
  const rest = n % 100;
  return `${digits[Math.floor(n / 100)]}百${rest === 0 ? '' : rest < 10 ? `零${digits[rest]}` : `${digits[Math.floor(rest / 10)]}十${rest % 10 ? digits[rest % 10] : ''}`}`;
}
