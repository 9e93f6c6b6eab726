import { Select } from "antd";
import { useState } from "react";

/** Separators between names: never a space, which belongs inside one ("张村 陈书记" is one person). */
export const PEOPLE_SEPARATORS = ["，", ",", "、", "；", ";"];

type PeopleInputProps = {
  id?: string;
  value?: string[];
  onChange?: (value: string[]) => void;
  placeholder?: string;
  maxCount?: number;
  "aria-invalid"?: boolean;
};

/**
 * A list of people as tags (核实人员 and the like): Enter or a comma ends a
 * name; a space stays inside it. A name typed but not yet confirmed is kept
 * when the field loses focus, so it is never silently dropped.
 */
export function PeopleInput({ value, onChange, maxCount = 10, ...rest }: PeopleInputProps) {
  const [search, setSearch] = useState("");
  const commit = () => {
    const name = search.trim();
    setSearch("");
    if (!name) return;
    const current = value ?? [];
    if (!current.includes(name) && current.length < maxCount) onChange?.([...current, name]);
  };
  return (
    <Select
      {...rest}
      mode="tags"
      open={false}
      suffixIcon={null}
      tokenSeparators={PEOPLE_SEPARATORS}
      maxCount={maxCount}
      value={value ?? []}
      searchValue={search}
      onSearch={setSearch}
      onChange={(next: string[]) => {
        setSearch("");
        onChange?.(next.map((s) => s.trim()).filter(Boolean));
      }}
      onBlur={commit}
    />
  );
}
